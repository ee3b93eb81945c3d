-- User commands only; nothing starts before require('corroborate').setup().
if vim.g.loaded_corroborate then
  return
end
vim.g.loaded_corroborate = 1

vim.api.nvim_create_user_command('CorroborateShow', function(args)
  require('corroborate').show(args.args)
end, {
  nargs = '?',
  desc = 'corroborate: show the entity card of a name (default: the word under the cursor)',
})

vim.api.nvim_create_user_command('CorroborateCheck', function()
  require('corroborate').check()
end, {
  nargs = 0,
  desc = 'corroborate: list the problems of the whole workspace in the quickfix list',
})
