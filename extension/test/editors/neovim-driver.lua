-- Runs in `nvim --headless` after the README's init.lua: opens a C file of the tree, waits for the server's
-- diagnostics, hovers a call, runs :MemhpReview, and writes what Neovim shows as JSON to $MEMHP_OUT.
local result = {}
local function finish()
  local out = io.open(vim.env.MEMHP_OUT, 'w')
  out:write(vim.fn.json_encode(result))
  out:close()
  vim.cmd('qa!')
end
vim.cmd('edit ' .. vim.fn.fnameescape(vim.env.MEMHP_FILE))
result.attached = vim.wait(20000, function() return next(vim.lsp.buf_get_clients(0)) ~= nil end, 50)
if not result.attached then return finish() end
result.published = vim.wait(120000, function() return #vim.diagnostic.get(0) > 0 end, 100)
result.diagnostics = {}
for _, d in ipairs(vim.diagnostic.get(0)) do
  table.insert(result.diagnostics, { line = d.lnum + 1, col = d.col, severity = d.severity, source = d.source, message = d.message })
end
local hover = vim.lsp.buf_request_sync(0, 'textDocument/hover', {
  textDocument = { uri = vim.uri_from_bufnr(0) },
  position = { line = tonumber(vim.env.MEMHP_HOVER_LINE) - 1, character = tonumber(vim.env.MEMHP_HOVER_COLUMN) },
}, 60000)
result.hover = {}
for _, r in pairs(hover or {}) do table.insert(result.hover, r.result and r.result.contents.value or vim.inspect(r.err)) end
local windows = vim.fn.winnr('$')
vim.cmd('MemhpReview ' .. vim.fn.fnameescape(vim.env.MEMHP_MBOX))
result.reviewed = vim.wait(120000, function() return vim.fn.winnr('$') > windows end, 100)
result.review = vim.api.nvim_buf_get_lines(0, 0, -1, false)
finish()
