-- Run by test_neovim.py after the documented set-up has loaded: waits for the first diagnostics of the current
-- buffer, writes them, the code actions offered for them and the LSP clients running as JSON to $PROBE_OUT, and
-- quits. The wait is on the DiagnosticChanged event (vim.wait runs the event loop until it has fired), with a
-- timeout; nothing sleeps.
local out = os.getenv("PROBE_OUT")
local buf = vim.api.nvim_get_current_buf()
local arrived = #vim.diagnostic.get(buf) > 0
vim.api.nvim_create_autocmd("DiagnosticChanged", {
  callback = function() arrived = arrived or #vim.diagnostic.get(buf) > 0 end,
})
local ok = vim.wait(20000, function() return arrived end)
local function code_of(d) return d.code or (d.user_data and d.user_data.lsp and d.user_data.lsp.code) end
local raw = {}
for _, d in ipairs(vim.diagnostic.get(buf)) do
  -- Back to an LSP diagnostic for the code action's context (byte columns: the probes' lines are ASCII there).
  table.insert(raw, { range = { start = { line = d.lnum, character = d.col },
    ["end"] = { line = d.end_lnum, character = d.end_col } }, severity = d.severity, code = code_of(d),
    source = d.source, message = d.message })
end
local actions = {}
if ok then
  local params = { textDocument = { uri = vim.uri_from_bufnr(buf) },
    range = { start = { line = 0, character = 0 }, ["end"] = { line = 0, character = 0 } },
    context = { diagnostics = raw } }
  for _, reply in pairs(vim.lsp.buf_request_sync(buf, "textDocument/codeAction", params, 20000) or {}) do
    for _, action in ipairs(reply.result or {}) do table.insert(actions, action.title) end
  end
end
-- Read after the code action's round trip, so a second copy of a diagnostic (pushed and pulled: neovim#29927) has
-- had time to arrive and would be counted.
local items = {}
for _, d in ipairs(vim.diagnostic.get(buf)) do
  table.insert(items, { lnum = d.lnum, col = d.col, end_lnum = d.end_lnum, end_col = d.end_col,
    code = code_of(d), message = d.message, source = d.source })
end
local clients = {}
for _, client in pairs((vim.lsp.get_clients or vim.lsp.get_active_clients)()) do table.insert(clients, client.name) end
local file = io.open(out, "w")
file:write(vim.fn.json_encode({ ok = ok, filetype = vim.bo[buf].filetype, clients = clients,
  diagnostics = items, actions = actions }))
file:close()
vim.cmd("qa!")
