-- End-to-end test of editors/nvim against the real corroborate server,
-- through Neovim's own LSP client. Works on Neovim 0.7 and later:
--
--   CORROBORATE_BIN=target/debug/corroborate CORROBORATE_WORKSPACE=/tmp/ws \
--   nvim --headless -u NONE -i NONE --cmd "set rtp+=$PWD/editors/nvim" \
--     -c "luafile tests/nvim/e2e.lua"
--
-- The workspace must hold seeds/*.txt and examples/notes/*.md as in the repo.
-- Prints "ok N checks" and exits 0, or prints why on stderr and exits 1.

local GLOBAL_TIMEOUT_MS = 60000
local DIAGNOSTICS_TIMEOUT_MS = 30000
local STEP_TIMEOUT_MS = 15000

local NOTE = 'examples/notes/partenariats-apple.md'
local CITED_KEY = '001_33e21df4586525e2'

local checks = 0
local messages = {}

local function log(text)
  io.stderr:write('e2e: ' .. text .. '\n')
end

local function lsp_log_tail()
  local ok, path = pcall(vim.lsp.get_log_path)
  if not ok or vim.fn.filereadable(path) == 0 then
    return '(no LSP log)'
  end
  local lines = vim.fn.readfile(path)
  local first = math.max(1, #lines - 30)
  return 'last lines of ' .. path .. ':\n' .. table.concat(vim.list_slice(lines, first, #lines), '\n')
end

local function fail(reason)
  io.stderr:write('e2e: FAIL after ' .. checks .. ' checks: ' .. reason .. '\n')
  io.stderr:write('e2e: messages: ' .. vim.inspect(messages) .. '\n')
  io.stderr:write(lsp_log_tail() .. '\n')
  io.stderr:flush()
  vim.cmd('cquit 1')
  os.exit(1)
end

--- Counts a passed check; fails with `what` and `detail` (if given) otherwise.
local function check(ok, what, detail)
  if not ok then
    fail(detail and (what .. '\n' .. detail) or what)
  end
  checks = checks + 1
  log('ok ' .. checks .. ': ' .. what)
end

local function message_matching(pattern)
  for _, message in ipairs(messages) do
    if message:find(pattern) then
      return message
    end
  end
  return nil
end

--- Waits until `condition()` returns a truthy value and returns it; fails otherwise.
local function wait_for(what, timeout_ms, condition)
  local value
  local done = vim.wait(timeout_ms, function()
    local quit = message_matching('quit with exit code')
    if quit then
      fail(('the server stopped while waiting for %s: %s'):format(what, quit))
    end
    value = condition()
    return value and true or false
  end, 50)
  if not done then
    fail(('timed out after %d ms waiting for %s'):format(timeout_ms, what))
  end
  return value
end

local function getenv_or_fail(name)
  local value = os.getenv(name)
  if value == nil or value == '' then
    fail(name .. ' is not set')
  end
  return value
end

--- 1-based line number and 0-based byte column of the first match of `needle`.
local function find_in_buffer(bufnr, needle, line_pattern)
  for lnum, line in ipairs(vim.api.nvim_buf_get_lines(bufnr, 0, -1, false)) do
    if line_pattern == nil or line:find(line_pattern) then
      local start = line:find(needle, 1, true)
      if start then
        return lnum, start - 1
      end
    end
  end
  fail(('no line with "%s" in %s'):format(needle, vim.api.nvim_buf_get_name(bufnr)))
end

local function code_of(diagnostic)
  if diagnostic.code ~= nil then
    return diagnostic.code
  end
  local lsp = diagnostic.user_data and diagnostic.user_data.lsp
  return lsp and lsp.code
end

--- corroborate's diagnostics of a buffer: code -> list of diagnostics.
local function corroborate_diagnostics(bufnr)
  local by_code = {}
  for _, diagnostic in ipairs(vim.diagnostic.get(bufnr)) do
    local code = code_of(diagnostic)
    if diagnostic.source == 'corroborate' and code then
      by_code[code] = by_code[code] or {}
      table.insert(by_code[code], diagnostic)
    end
  end
  return by_code
end

--- 1-based line numbers of diagnostics, for messages and checks.
local function lines_of(diagnostics)
  local lines = {}
  for _, diagnostic in ipairs(diagnostics) do
    table.insert(lines, diagnostic.lnum + 1)
  end
  return lines
end

--- The diagnostic of `code` on 1-based line `lnum`, or nil.
local function diagnostic_on_line(by_code, code, lnum)
  for _, diagnostic in ipairs(by_code[code] or {}) do
    if diagnostic.lnum + 1 == lnum then
      return diagnostic
    end
  end
  return nil
end

--- Plain text of a hover result, whatever shape `contents` has.
local function hover_text(result)
  local contents = result and result.contents
  if type(contents) == 'string' then
    return contents
  end
  if type(contents) ~= 'table' then
    return ''
  end
  if contents.value then
    return contents.value
  end
  local parts = {}
  for _, part in ipairs(contents) do
    table.insert(parts, type(part) == 'string' and part or part.value or '')
  end
  return table.concat(parts, '\n')
end

local function floating_window_text()
  for _, win in ipairs(vim.api.nvim_list_wins()) do
    if vim.api.nvim_win_get_config(win).relative ~= '' then
      local lines = vim.api.nvim_buf_get_lines(vim.api.nvim_win_get_buf(win), 0, -1, false)
      return table.concat(lines, '\n')
    end
  end
  return nil
end

local function close_floating_windows()
  for _, win in ipairs(vim.api.nvim_list_wins()) do
    if vim.api.nvim_win_get_config(win).relative ~= '' then
      vim.api.nvim_win_close(win, true)
    end
  end
end

-- The steps ------------------------------------------------------------------

local function open_note(workspace)
  local path = workspace .. '/' .. NOTE
  check(vim.fn.filereadable(path) == 1, 'the note exists: ' .. path)
  vim.cmd('edit ' .. vim.fn.fnameescape(path))
  local bufnr = vim.api.nvim_get_current_buf()
  check(vim.bo[bufnr].filetype == 'markdown', 'the note has filetype markdown')
  local client = wait_for('the corroborate client to attach to the note', STEP_TIMEOUT_MS, function()
    return require('corroborate').client(bufnr)
  end)
  check(client.config.root_dir == workspace, 'the client root is the workspace', 'root: ' .. tostring(client.config.root_dir))
  return bufnr, client
end

local function check_diagnostics(bufnr)
  local wanted = { 'unsupported-by-citation', 'unresolved-citation' }
  local seen = {}
  local found = vim.wait(DIAGNOSTICS_TIMEOUT_MS, function()
    seen = corroborate_diagnostics(bufnr)
    return seen[wanted[1]] ~= nil and seen[wanted[2]] ~= nil
  end, 100)
  local summary = {}
  for code, diagnostics in pairs(seen) do
    summary[code] = lines_of(diagnostics)
  end
  check(found, 'diagnostics with codes ' .. table.concat(wanted, ' and '), 'seen (code -> lines): ' .. vim.inspect(summary))

  local conflict_line = find_in_buffer(bufnr, 'chuté de 20 %')
  local conflict = diagnostic_on_line(seen, 'unsupported-by-citation', conflict_line)
  check(conflict ~= nil, ('unsupported-by-citation on the "20 %%" line (%d)'):format(conflict_line),
    'got lines ' .. table.concat(summary['unsupported-by-citation'], ', '))
  local unresolved_line = find_in_buffer(bufnr, '[@bloomberg-2026-ia]')
  local unresolved = diagnostic_on_line(seen, 'unresolved-citation', unresolved_line)
  check(unresolved ~= nil, ('unresolved-citation on the [@bloomberg-2026-ia] line (%d)'):format(unresolved_line),
    'got lines ' .. table.concat(summary['unresolved-citation'], ', '))
  return { conflict, unresolved }
end

local function check_hover(bufnr, client)
  local lnum, col = find_in_buffer(bufnr, 'Apple', '^Apple paie')
  vim.api.nvim_win_set_cursor(0, { lnum, col + 1 })
  local params = vim.lsp.util.make_position_params(0, client.offset_encoding)
  local responses, err = vim.lsp.buf_request_sync(bufnr, 'textDocument/hover', params, STEP_TIMEOUT_MS)
  check(responses ~= nil, 'hover answered', tostring(err))
  local response = responses[client.id] or {}
  local response_error = response.err or response.error
  check(response_error == nil, 'hover without error', vim.inspect(response_error))
  local text = hover_text(response.result)
  check(text:find('Alibaba', 1, true) ~= nil, 'hover on "Apple" names its partner Alibaba', 'hover text:\n' .. text)
end

local function check_definition(bufnr, workspace)
  local lnum, col = find_in_buffer(bufnr, '[@' .. CITED_KEY .. ']')
  vim.api.nvim_win_set_cursor(0, { lnum, col + 4 })
  vim.lsp.buf.definition()
  local suffix = CITED_KEY .. '.txt'
  wait_for('go to definition to open ' .. suffix, STEP_TIMEOUT_MS, function()
    local name = vim.api.nvim_buf_get_name(0)
    return name:sub(-#suffix) == suffix
  end)
  local article = workspace .. '/seeds/' .. suffix
  check(vim.api.nvim_buf_get_name(0) == article, 'definition opened seeds/' .. suffix, vim.api.nvim_buf_get_name(0))
  check(vim.api.nvim_get_current_buf() ~= bufnr, 'the article is a buffer of its own')
end

local function check_one_client_per_root(note_client)
  local article = vim.api.nvim_get_current_buf()
  check(vim.bo[article].filetype == 'text', 'the article has filetype text')
  local client = wait_for('the client to attach to the article', STEP_TIMEOUT_MS, function()
    return require('corroborate').client(article)
  end)
  check(client.id == note_client.id, 'the article reuses the note\'s client (one client per root)')
end

local function check_show()
  vim.cmd('CorroborateShow Apple')
  local text = wait_for('the entity card float', STEP_TIMEOUT_MS, floating_window_text)
  check(text:find('Alibaba', 1, true) ~= nil, ':CorroborateShow Apple floats a card naming Alibaba', 'float text:\n' .. text)
  close_floating_windows()

  vim.cmd('CorroborateShow Zzyzx Unheard Of')
  local said = wait_for('the unknown-entity message', STEP_TIMEOUT_MS, function()
    return message_matching('no entity named "Zzyzx Unheard Of"')
  end)
  check(floating_window_text() == nil, ':CorroborateShow of an unknown name says so, without a float', said)
end

--- The quickfix item for a diagnostic of the note: same file, line and code.
local function item_for(items, note, diagnostic)
  for _, item in ipairs(items) do
    if item.bufnr == note and item.lnum == diagnostic.lnum + 1
        and item.text:sub(1, #code_of(diagnostic) + 2) == code_of(diagnostic) .. ': ' then
      return item
    end
  end
  return nil
end

local function check_quickfix(note, diagnostics)
  vim.cmd('CorroborateCheck')
  local items = wait_for('the quickfix list to fill', STEP_TIMEOUT_MS, function()
    local list = vim.fn.getqflist()
    return #list > 0 and list or nil
  end)
  check(#items > 0, (':CorroborateCheck filled the quickfix list (%d items)'):format(#items))
  -- Each planted problem is listed where Neovim's own LSP client put its
  -- diagnostic: same 1-based line and byte column, type from the severity.
  for _, diagnostic in ipairs(diagnostics) do
    local code = code_of(diagnostic)
    local item = item_for(items, note, diagnostic)
    check(item ~= nil, ('the quickfix list has "%s: ..." on line %d of the note'):format(code, diagnostic.lnum + 1),
      vim.inspect(items))
    local expected = { col = diagnostic.col + 1, type = ({ 'E', 'W', 'I', 'N' })[diagnostic.severity] }
    check(item.col == expected.col and item.type == expected.type,
      ('its column is %d and its type %s, as the diagnostic says'):format(expected.col, expected.type), vim.inspect(item))
  end
  check(vim.fn.getqflist({ winid = 0 }).winid ~= 0, 'the quickfix window is open')
end

local function main()
  vim.defer_fn(function()
    fail(('global timeout: not done after %d s'):format(GLOBAL_TIMEOUT_MS / 1000))
  end, GLOBAL_TIMEOUT_MS)

  local bin = getenv_or_fail('CORROBORATE_BIN')
  local workspace = vim.fn.fnamemodify(getenv_or_fail('CORROBORATE_WORKSPACE'), ':p'):gsub('/$', '')
  check(vim.fn.executable(bin) == 1, 'the server binary is executable: ' .. bin)

  vim.notify = function(message, level)
    table.insert(messages, message)
    log(('notify[%s]: %s'):format(tostring(level), message))
  end

  -- -u NONE skips filetype detection and plugin/ scripts: do both by hand.
  vim.cmd('filetype on')
  vim.cmd('runtime! plugin/corroborate.lua')
  check(vim.fn.exists(':CorroborateShow') == 2 and vim.fn.exists(':CorroborateCheck') == 2,
    'plugin/corroborate.lua defines :CorroborateShow and :CorroborateCheck')

  require('corroborate').setup({ cmd = { bin, 'lsp', '--stdio' } })
  local version = vim.version()
  log(('Neovim %d.%d.%d'):format(version.major, version.minor, version.patch) .. (require('corroborate.client').has_native_config()
    and ', vim.lsp.config + vim.lsp.enable' or ', vim.lsp.start_client + buf_attach_client'))

  local bufnr, client = open_note(workspace)
  local planted = check_diagnostics(bufnr)
  check_hover(bufnr, client)
  check_definition(bufnr, workspace)
  check_one_client_per_root(client)
  check_show()
  check_quickfix(bufnr, planted)

  io.stdout:write(('ok %d checks\n'):format(checks))
  io.stdout:flush()
  vim.cmd('qa!')
end

local ok, err = xpcall(main, debug.traceback)
if not ok then
  fail('error: ' .. tostring(err))
end
