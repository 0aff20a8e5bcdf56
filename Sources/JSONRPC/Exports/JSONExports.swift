// JSON values are part of this library's API (params, results, errors), so its users get them with it.
@_exported import JSON
