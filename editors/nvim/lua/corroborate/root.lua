-- Finds the workspace root of a file: the nearest ancestor folder holding
-- one of the root markers, else the nearest one holding articles (.txt).
-- Uses only vim.loop, so it works on Neovim 0.7 (which has no vim.fs).

local M = {}

local uv = vim.loop

local function is_dir(path)
  local stat = uv.fs_stat(path)
  return stat ~= nil and stat.type == 'directory'
end

local function exists(path)
  return uv.fs_stat(path) ~= nil
end

local function join(dir, name)
  if dir:sub(-1) == '/' then
    return dir .. name
  end
  return dir .. '/' .. name
end

-- The parent folder, or nil at the filesystem root.
local function parent(dir)
  local up = vim.fn.fnamemodify(dir, ':h')
  if up == dir then
    return nil
  end
  return up
end

local function has_marker(dir, markers)
  for _, marker in ipairs(markers) do
    if exists(join(dir, marker)) then
      return true
    end
  end
  return false
end

-- True when the folder directly holds at least one .txt file (a folder of sources).
local function has_articles(dir)
  local handle = uv.fs_scandir(dir)
  if not handle then
    return false
  end
  while true do
    local name, kind = uv.fs_scandir_next(handle)
    if not name then
      return false
    end
    if name:match('%.txt$') and kind ~= 'directory' then
      return true
    end
  end
end

-- Nearest folder, from `start` upwards, for which `test(dir)` holds.
local function search_up(start, test)
  local dir = start
  while dir do
    if test(dir) then
      return dir
    end
    dir = parent(dir)
  end
  return nil
end

--- The folder a path's search starts from: the path itself if it is a folder.
local function start_dir(path)
  local full = vim.fn.fnamemodify(path, ':p')
  if is_dir(full) then
    return (full:gsub('(.)/$', '%1'))
  end
  return vim.fn.fnamemodify(full, ':h')
end

--- Workspace root for `path` (a file or folder), or nil when it is in none.
--- @param path string
--- @param markers string[] file or folder names, e.g. { 'corroborate.toml', '.git', 'seeds' }
--- @return string|nil
function M.find(path, markers)
  if path == nil or path == '' then
    return nil
  end
  local start = start_dir(path)
  return search_up(start, function(dir)
    return has_marker(dir, markers)
  end) or search_up(start, has_articles)
end

--- Workspace root of a buffer's file, or nil for unnamed and special buffers.
--- @param bufnr integer
--- @param markers string[]
--- @return string|nil
function M.for_buffer(bufnr, markers)
  if vim.bo[bufnr].buftype ~= '' then
    return nil
  end
  local name = vim.api.nvim_buf_get_name(bufnr)
  if name == '' or name:match('^%a[%w+.-]*://') then
    return nil
  end
  return M.find(name, markers)
end

return M
