/// The few lines of Python that start every Python run: they set the resource limits on the interpreter
/// itself, then run the agent's script, so the limits hold for everything it does.
///
/// A bootstrap rather than a pre-spawn hook: swift-subprocess 1.0.2 offers none on Linux, and
/// `resource.setrlimit` in the child is as strong (the soft limits can only be raised to the hard ones,
/// which are set too). A `MemoryError` is reported through a marker and exit status so the caller can tell
/// a memory limit from an ordinary failure.
enum PythonBootstrap {
    /// Exit status after a `MemoryError` escaped the script.
    static let memoryExitStatus: Int32 = 86
    /// Printed on stderr with `memoryExitStatus`.
    static let memoryMarker = "__orchestrator_memory_limit__"

    /// argv after `-c source`: memory bytes, CPU seconds, mode (`code` or `path`), script file, then the
    /// script's own arguments.
    static let source = """
        import os, sys, resource
        _mem, _cpu, _mode, _script = int(sys.argv[1]), int(sys.argv[2]), sys.argv[3], sys.argv[4]
        if _mem > 0:
            resource.setrlimit(resource.RLIMIT_AS, (_mem, _mem))
        if _cpu > 0:
            resource.setrlimit(resource.RLIMIT_CPU, (_cpu, _cpu + 1))
        def _run():
            if _mode == "code":
                import linecache
                with open(_script, encoding="utf-8") as f:
                    src = f.read()
                os.unlink(_script)
                linecache.cache["<code>"] = (len(src), None, src.splitlines(True), "<code>")
                sys.argv = ["<code>"] + sys.argv[5:]
                sys.path[0] = os.getcwd()
                exec(compile(src, "<code>", "exec"), {"__name__": "__main__", "__builtins__": __builtins__})
            else:
                import runpy
                sys.argv = [_script] + sys.argv[5:]
                sys.path[0] = os.path.dirname(os.path.abspath(_script))
                runpy.run_path(_script, run_name="__main__")
        def _report():
            # The bootstrap's and runpy's own frames say nothing about the agent's code; leave them out.
            import traceback
            kind, error, tb = sys.exc_info()
            while tb is not None and (tb.tb_frame.f_code.co_filename == "<string>"
                                      or tb.tb_frame.f_code.co_filename.endswith("runpy.py")):
                tb = tb.tb_next
            traceback.print_exception(kind, error, tb)
            sys.stderr.flush()
            sys.stdout.flush()
        try:
            _run()
        except MemoryError:
            _report()
            sys.stderr.write("\\n\(memoryMarker)\\n")
            sys.stderr.flush()
            os._exit(\(memoryExitStatus))
        except SystemExit:
            raise
        except BaseException:
            # Printed here rather than by the interpreter, which reads source lines from disk and so
            # could not show the lines of inline code.
            _report()
            sys.exit(1)
        """
}
