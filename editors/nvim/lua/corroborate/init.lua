-- corroborate for Neovim: starts the corroborate language server for notes
-- (markdown) and articles (text) under a workspace root, and adds
-- :CorroborateShow and :CorroborateCheck.
--
--   require('corroborate').setup({
--     cmd = { 'corroborate', 'lsp', '--stdio' },
--     filetypes = { 'markdown', 'text' },
--     root_markers = { 'corroborate.toml', '.git', 'seeds' },
--     settings = { diagnostics = { scope = 'openFiles' }, tolerance = 0.05 },
--   })

local client = require('corroborate.client')
local commands = require('corroborate.commands')

local M = {}

--- Defaults; `settings` is the `corroborate` section the server reads.
M.defaults = {
  cmd = { 'corroborate', 'lsp', '--stdio' },
  filetypes = { 'markdown', 'text' },
  root_markers = { 'corroborate.toml', '.git', 'seeds' },
  settings = {
    diagnostics = { scope = 'openFiles' },
    tolerance = 0.05,
    notesFolders = {},
    cache = { enabled = true },
  },
  -- Passed on to the client as they are.
  on_attach = nil,
  capabilities = nil,
  handlers = nil,
}

-- The options of the last setup() call, nil before it.
local options = nil

local function is_string_list(value)
  if type(value) ~= 'table' or #value == 0 then
    return false
  end
  for _, item in ipairs(value) do
    if type(item) ~= 'string' or item == '' then
      return false
    end
  end
  return true
end

local function check_option(ok, name, expected)
  if not ok then
    -- Level 4: the line that called setup().
    error(('corroborate.setup: `%s` must be %s'):format(name, expected), 4)
  end
end

local function validate(opts)
  check_option(is_string_list(opts.cmd), 'cmd', "a list of strings, e.g. { 'corroborate', 'lsp', '--stdio' }")
  check_option(is_string_list(opts.filetypes), 'filetypes', "a list of filetypes, e.g. { 'markdown', 'text' }")
  check_option(is_string_list(opts.root_markers), 'root_markers', "a list of file or folder names, e.g. { 'corroborate.toml', '.git' }")
  check_option(type(opts.settings) == 'table', 'settings', 'a table (the corroborate settings section)')
  local scope = opts.settings.diagnostics and opts.settings.diagnostics.scope
  check_option(scope == 'openFiles' or scope == 'workspace', 'settings.diagnostics.scope', "'openFiles' or 'workspace'")
  check_option(type(opts.settings.tolerance) == 'number' and opts.settings.tolerance >= 0, 'settings.tolerance', 'a number >= 0')
  check_option(opts.on_attach == nil or type(opts.on_attach) == 'function', 'on_attach', 'a function')
end

--- Lists replace the defaults; `settings` is merged key by key.
local function merge(user)
  local merged = {}
  for key, value in pairs(M.defaults) do
    merged[key] = value
  end
  for key, value in pairs(user) do
    merged[key] = value
  end
  merged.settings = vim.tbl_deep_extend('force', vim.deepcopy(M.defaults.settings), user.settings or {})
  return merged
end

--- Starts the language server for matching buffers. Safe to call again.
--- @param user table|nil see M.defaults
function M.setup(user)
  if user ~= nil and type(user) ~= 'table' then
    error('corroborate.setup: expects a table of options or nothing', 2)
  end
  local opts = merge(user or {})
  validate(opts)
  options = opts
  client.enable(opts)
end

--- The options in force (defaults before setup()).
function M.options()
  return options or M.defaults
end

--- :CorroborateShow {name}: the entity card of `name` in a floating window.
function M.show(name)
  commands.show(name, M.options().root_markers)
end

--- :CorroborateCheck: every problem in the workspace, in the quickfix list.
function M.check()
  commands.check(M.options().root_markers)
end

--- The corroborate client attached to a buffer (0: the current one), or nil.
function M.client(bufnr)
  return client.attached(bufnr or 0)
end

return M
