-- Starting the corroborate language server, attaching buffers to it and
-- talking to it. Two ways in, chosen by feature detection:
-- - vim.lsp.config + vim.lsp.enable where they exist (Neovim 0.11+);
-- - vim.lsp.start_client + vim.lsp.buf_attach_client on autocmds otherwise
--   (Neovim 0.7+), one client per workspace root.

local root = require('corroborate.root')

local M = {}

M.NAME = 'corroborate'

-- Legacy path only: workspace root -> client id.
local client_by_root = {}

-- Commands already reported as not executable, so the error shows once.
local reported_missing = {}

local function notify(message, level)
  vim.schedule(function()
    vim.notify(message, level or vim.log.levels.ERROR)
  end)
end

--- Calls a client method with whichever calling convention this Neovim uses:
--- `client:method(...)` on 0.11+ (methods on the client class), and
--- `client.method(...)` before (plain functions on the client table).
local function call(client, method, ...)
  local class = getmetatable(client)
  if type(class) == 'table' and type(rawget(class, method)) == 'function' then
    return class[method](client, ...)
  end
  return client[method](...)
end

--- Sends a request to one client; `handler(err, result, ctx)`.
function M.request(client, method, params, handler, bufnr)
  return call(client, 'request', method, params, handler, bufnr)
end

local function is_stopped(client)
  return call(client, 'is_stopped')
end

--- True when this Neovim has the 0.11 configuration API.
function M.has_native_config()
  return vim.lsp.config ~= nil and type(vim.lsp.enable) == 'function'
end

--- Every running corroborate client.
function M.all()
  local found = {}
  local clients = vim.lsp.get_clients and vim.lsp.get_clients() or vim.lsp.get_active_clients()
  for _, client in pairs(clients) do
    if client.name == M.NAME then
      table.insert(found, client)
    end
  end
  return found
end

--- The corroborate client attached to a buffer, or nil.
function M.attached(bufnr)
  if bufnr == 0 then
    bufnr = vim.api.nvim_get_current_buf()
  end
  local clients = vim.lsp.get_clients and vim.lsp.get_clients({ bufnr = bufnr }) or vim.lsp.buf_get_clients(bufnr)
  for _, client in pairs(clients) do
    if client.name == M.NAME then
      return client
    end
  end
  return nil
end

--- The client to ask on behalf of a buffer: the one attached to it, else the
--- one whose root holds its file, else the only one running.
function M.pick(bufnr, markers)
  local client = M.attached(bufnr)
  if client then
    return client
  end
  local running = M.all()
  local dir = root.for_buffer(bufnr == 0 and vim.api.nvim_get_current_buf() or bufnr, markers)
  for _, candidate in ipairs(running) do
    if dir and candidate.config.root_dir == dir then
      return candidate
    end
  end
  if #running == 1 then
    return running[1]
  end
  return nil
end

--- False, after saying why once, when the server command cannot run.
local function executable(cmd)
  if vim.fn.executable(cmd[1]) == 1 then
    return true
  end
  if not reported_missing[cmd[1]] then
    reported_missing[cmd[1]] = true
    notify(
      ("corroborate: cannot start the language server: '%s' is not an executable file. "
        .. "Install corroborate (cargo install --path .) or pass its path: "
        .. "require('corroborate').setup({ cmd = { '/path/to/corroborate', 'lsp', '--stdio' } })"):format(cmd[1])
    )
  end
  return false
end

--- Workspace root a buffer should attach under, or nil to leave it alone.
local function root_for(bufnr, opts)
  if not vim.api.nvim_buf_is_valid(bufnr) then
    return nil
  end
  if not vim.tbl_contains(opts.filetypes, vim.bo[bufnr].filetype) then
    return nil
  end
  return root.for_buffer(bufnr, opts.root_markers)
end

--- Fields shared by both ways of configuring the client.
local function common_config(opts)
  return {
    name = M.NAME,
    cmd = opts.cmd,
    -- The server reads its settings from initializationOptions first, then
    -- asks for the `corroborate` section through workspace/configuration.
    init_options = opts.settings,
    settings = { [M.NAME] = opts.settings },
    capabilities = opts.capabilities,
    handlers = opts.handlers,
    on_attach = opts.on_attach,
  }
end

-- Legacy path --------------------------------------------------------------

local function live_client(id)
  local client = id and vim.lsp.get_client_by_id(id)
  if client and not is_stopped(client) then
    return client
  end
  return nil
end

local function start_for_root(dir, opts)
  local config = common_config(opts)
  config.root_dir = dir
  config.on_exit = function(_, _, client_id)
    if client_by_root[dir] == client_id then
      client_by_root[dir] = nil
    end
  end
  local id = vim.lsp.start_client(config)
  if not id then
    notify(('corroborate: the language server did not start for %s; see the LSP log at %s'):format(dir, vim.lsp.get_log_path()))
    return nil
  end
  client_by_root[dir] = id
  return id
end

--- Attaches a buffer to the client of its root, starting that client if needed.
function M.attach(bufnr, opts)
  local dir = root_for(bufnr, opts)
  if not dir or not executable(opts.cmd) then
    return
  end
  local id = client_by_root[dir]
  if not live_client(id) then
    id = start_for_root(dir, opts)
  end
  if id and not vim.lsp.buf_is_attached(bufnr, id) then
    vim.lsp.buf_attach_client(bufnr, id)
  end
end

local function enable_legacy(opts)
  local group = vim.api.nvim_create_augroup('corroborate', { clear = true })
  vim.api.nvim_create_autocmd({ 'FileType', 'BufEnter' }, {
    group = group,
    callback = function(args)
      M.attach(args.buf, opts)
    end,
    desc = 'corroborate: attach the language server',
  })
  for _, bufnr in ipairs(vim.api.nvim_list_bufs()) do
    if vim.api.nvim_buf_is_loaded(bufnr) then
      M.attach(bufnr, opts)
    end
  end
end

-- Native path (0.11+) ------------------------------------------------------

local function enable_native(opts)
  local config = common_config(opts)
  config.filetypes = opts.filetypes
  config.root_dir = function(bufnr, on_dir)
    local dir = root_for(bufnr, opts)
    if dir then
      on_dir(dir)
    end
  end
  vim.lsp.config(M.NAME, config)
  vim.lsp.enable(M.NAME)
  -- vim.lsp.enable only logs a command that is not executable: say it.
  vim.api.nvim_create_autocmd('FileType', {
    group = vim.api.nvim_create_augroup('corroborate', { clear = true }),
    pattern = opts.filetypes,
    callback = function(args)
      if root_for(args.buf, opts) then
        executable(opts.cmd)
      end
    end,
    desc = 'corroborate: report a server command that cannot run',
  })
end

--- Starts and attaches the server for matching buffers, now and from now on.
function M.enable(opts)
  if M.has_native_config() then
    enable_native(opts)
  else
    enable_legacy(opts)
  end
end

return M
