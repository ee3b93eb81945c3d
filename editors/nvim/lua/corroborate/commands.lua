-- :CorroborateShow and :CorroborateCheck: the server's two
-- workspace/executeCommand commands, shown in a float and the quickfix list.

local client = require('corroborate.client')

local M = {}

local levels = vim.log.levels

local ENTITY_CARD = 'corroborate.entityCard'
local CHECK_WORKSPACE = 'corroborate.checkWorkspace'

-- LSP DiagnosticSeverity (1-4) -> quickfix type.
local QF_TYPE = { 'E', 'W', 'I', 'N' }

local function notify(message, level)
  vim.notify(message, level or levels.INFO)
end

local function is_null(value)
  return value == nil or value == vim.NIL
end

--- The corroborate client for the current buffer, or nil after saying why.
local function server_for_current_buffer(markers)
  local found = client.pick(0, markers)
  if not found then
    notify(
      'corroborate: no language server is attached to this buffer. '
        .. "Call require('corroborate').setup() and open a note or article inside a workspace "
        .. '(a folder holding corroborate.toml, .git or seeds/).',
      levels.WARN
    )
  end
  return found
end

--- Runs one workspace/executeCommand; `on_result(result)` only on success.
local function execute(server, command, arguments, on_result)
  local params = { command = command, arguments = arguments }
  client.request(server, 'workspace/executeCommand', params, function(err, result)
    if err then
      notify(('corroborate: %s failed: %s'):format(command, err.message or vim.inspect(err)), levels.ERROR)
      return
    end
    on_result(result)
  end, vim.api.nvim_get_current_buf())
end

-- :CorroborateShow -----------------------------------------------------------

local function show_card(card)
  local lines = vim.split(card.markdown, '\n', { plain = true })
  vim.lsp.util.open_floating_preview(lines, 'markdown', {
    border = 'rounded',
    focus_id = 'corroborate-entity-card',
  })
end

--- Shows the entity card of `name` (default: the word under the cursor).
function M.show(name, markers)
  name = vim.trim(name or '')
  if name == '' then
    name = vim.fn.expand('<cword>')
  end
  if name == '' then
    notify('corroborate: give an entity name, e.g. :CorroborateShow Apple', levels.WARN)
    return
  end
  local server = server_for_current_buffer(markers)
  if not server then
    return
  end
  execute(server, ENTITY_CARD, { name }, function(card)
    if is_null(card) then
      notify(('corroborate: no entity named "%s" in the notes or articles.'):format(name), levels.WARN)
    elseif type(card) ~= 'table' or type(card.markdown) ~= 'string' then
      notify(('corroborate: the server sent a card for "%s" that is not { name, markdown }.'):format(name), levels.ERROR)
    else
      show_card(card)
    end
  end)
end

-- :CorroborateCheck ----------------------------------------------------------

--- Byte offset in `line` of a position counted in `encoding` units.
local function byte_index(line, units, encoding)
  if encoding == 'utf-8' then
    return math.min(units, #line)
  end
  local count, i = 0, 1
  while i <= #line and count < units do
    local byte = line:byte(i)
    local width = byte >= 0xF0 and 4 or byte >= 0xE0 and 3 or byte >= 0xC0 and 2 or 1
    count = count + ((encoding == 'utf-16' and width == 4) and 2 or 1)
    i = i + width
  end
  return i - 1
end

--- Reads lines of files, from their buffer when loaded, each file once.
local function line_reader()
  local cache = {}
  return function(filename, lnum)
    if cache[filename] == nil then
      local bufnr = vim.fn.bufnr(filename)
      if bufnr ~= -1 and vim.api.nvim_buf_is_loaded(bufnr) then
        cache[filename] = vim.api.nvim_buf_get_lines(bufnr, 0, -1, false)
      elseif vim.fn.filereadable(filename) == 1 then
        cache[filename] = vim.fn.readfile(filename)
      else
        cache[filename] = {}
      end
    end
    return cache[filename][lnum] or ''
  end
end

--- 1-based byte column of an LSP position.
local function column(read_line, filename, position, encoding)
  local line = read_line(filename, position.line + 1)
  return byte_index(line, position.character, encoding) + 1
end

local function quickfix_text(problem)
  if is_null(problem.code) then
    return problem.message
  end
  return ('%s: %s'):format(problem.code, problem.message)
end

--- Quickfix items from checkWorkspace's { uri, range, severity, code, message }s.
function M.to_quickfix(problems, encoding)
  local read_line = line_reader()
  local items = {}
  for _, problem in ipairs(problems) do
    local filename = vim.uri_to_fname(problem.uri)
    local start, finish = problem.range.start, problem.range['end']
    table.insert(items, {
      filename = filename,
      lnum = start.line + 1,
      col = column(read_line, filename, start, encoding),
      end_lnum = finish.line + 1,
      end_col = column(read_line, filename, finish, encoding),
      type = QF_TYPE[problem.severity] or 'E',
      text = quickfix_text(problem),
    })
  end
  table.sort(items, function(a, b)
    if a.filename ~= b.filename then
      return a.filename < b.filename
    end
    if a.lnum ~= b.lnum then
      return a.lnum < b.lnum
    end
    return a.col < b.col
  end)
  return items
end

--- Checks the whole workspace and lists the problems in the quickfix list.
function M.check(markers)
  local server = server_for_current_buffer(markers)
  if not server then
    return
  end
  execute(server, CHECK_WORKSPACE, {}, function(problems)
    if is_null(problems) or type(problems) ~= 'table' then
      problems = {}
    end
    local items = M.to_quickfix(problems, server.offset_encoding or 'utf-16')
    vim.fn.setqflist({}, ' ', { title = 'corroborate: check workspace', items = items })
    if #items == 0 then
      notify('corroborate: no problems found in the workspace.')
      return
    end
    vim.cmd('copen')
  end)
end

return M
