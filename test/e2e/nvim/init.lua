-- Minimal Neovim (0.7+) config: start the Faultline language server over stdio for markdown
-- buffers. vim.lsp.start() only exists from 0.8, so use start_client + buf_attach_client.
-- FAULTLINE_LS: path of the server bundle (dist/server.js), run with `node <it> --stdio`.
local server = assert(os.getenv('FAULTLINE_LS'), 'FAULTLINE_LS is not set')
local client_id

vim.api.nvim_create_autocmd('FileType', {
  pattern = 'markdown',
  callback = function(args)
    if not client_id then
      client_id = vim.lsp.start_client({
        name = 'faultline',
        cmd = { 'node', server, '--stdio' },
        root_dir = vim.fn.fnamemodify(vim.api.nvim_buf_get_name(args.buf), ':p:h'),
        handlers = {
          -- Faultline's own notification (findings by tier per document): kept for test.lua
          ['faultline/status'] = function(_, params)
            _G.faultline_status = _G.faultline_status or {}
            _G.faultline_status[params.uri] = params
          end,
        },
      })
    end
    vim.lsp.buf_attach_client(args.buf, client_id)
  end,
})
