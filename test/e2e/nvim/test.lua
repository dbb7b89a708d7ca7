-- Headless check, run with `-c 'luafile test.lua'` once the design doc is loaded. Waits for
-- Faultline's diagnostics, asks for code actions the way vim.lsp.buf.code_action() does in 0.7
-- (line diagnostics in the context), applies the dead-letter-queue quick fix, writes the file,
-- waits for the re-analysis, and prints one line `RESULT <json>`; test/e2e/nvim.e2e.mjs asserts.
local result = { steps = {} }
local t0 = vim.loop.hrtime()
local function ms() return math.floor((vim.loop.hrtime() - t0) / 1e6) end
local function step(name) table.insert(result.steps, { name = name, ms = ms() }) end
local function finish(err)
  result.error = err
  result.ms = ms()
  io.stdout:write('RESULT ' .. vim.fn.json_encode(result) .. '\n')
  for _, c in pairs(vim.lsp.get_active_clients()) do vim.lsp.stop_client(c.id) end
  vim.wait(2000, function() return vim.tbl_isempty(vim.lsp.get_active_clients()) end, 20)
  vim.cmd(err and 'cquit 1' or 'qall!')
end

local ok, err = pcall(function()
  local bufnr = vim.api.nvim_get_current_buf()
  local path = vim.api.nvim_buf_get_name(bufnr)
  result.nvim = vim.version()
  result.filetype = vim.bo.filetype
  local function codes()
    local out = {}
    for _, d in ipairs(vim.diagnostic.get(bufnr)) do
      table.insert(out, { code = d.code, source = d.source, lnum = d.lnum, col = d.col, severity = d.severity })
    end
    return out
  end
  local function find(code)
    for _, d in ipairs(vim.diagnostic.get(bufnr)) do if d.code == code then return d end end
  end

  if not vim.wait(30000, function() return find('dead-letter-queue') ~= nil end, 20) then
    result.diagnostics = codes(); error('no dead-letter-queue diagnostic within 30 s')
  end
  step('diagnostics')
  result.diagnostics = codes()
  result.client = vim.lsp.get_active_clients()[1].server_capabilities and 'attached'

  -- code actions at the finding, as vim.lsp.buf.code_action() asks for them in 0.7
  local function actions_at(d)
    vim.api.nvim_win_set_cursor(0, { d.lnum + 1, d.col })
    local params = vim.lsp.util.make_range_params()
    params.context = { diagnostics = vim.lsp.diagnostic.get_line_diagnostics(bufnr) }
    local responses = vim.lsp.buf_request_sync(bufnr, 'textDocument/codeAction', params, 10000) or {}
    local list = {}
    for cid, resp in pairs(responses) do
      for _, a in ipairs(resp.result or {}) do table.insert(list, { action = a, client = cid }) end
    end
    return list
  end

  local dlq = find('dead-letter-queue')
  local list = actions_at(dlq)
  result.actions = vim.tbl_map(function(x) return { title = x.action.title, kind = x.action.kind, isPreferred = x.action.isPreferred } end, list)
  local chosen
  for _, x in ipairs(list) do
    if x.action.kind == 'quickfix' and x.action.title:lower():find('dead-letter queue', 1, true) then chosen = x end
  end
  if not chosen then error('no dead-letter-queue quick fix offered') end
  step('code actions')
  result.applied = chosen.action.title
  local client = vim.lsp.get_client_by_id(chosen.client)
  local action = chosen.action
  if not action.edit and not action.command then
    action = client.request_sync('codeAction/resolve', action, 5000, bufnr).result or action
  end
  if action.edit then vim.lsp.util.apply_workspace_edit(action.edit, client.offset_encoding) end
  if action.command then client.request_sync('workspace/executeCommand', action.command, 5000, bufnr) end
  vim.cmd('silent write')
  step('applied and written')
  result.on_disk = table.concat(vim.fn.readfile(path), '\n')

  if not vim.wait(15000, function() return find('dead-letter-queue') == nil and find('dual-write') ~= nil end, 20) then
    result.diagnostics_after = codes(); error('dead-letter-queue diagnostic not cleared within 15 s')
  end
  step('re-analysed')
  result.diagnostics_after = codes()

  -- the faultline/status notification for this document (any client may use it)
  local uri = vim.uri_from_bufnr(bufnr)
  -- (for the text as it is now: the version the client last sent)
  local function status_now()
    local s = _G.faultline_status and _G.faultline_status[uri]
    return s ~= nil and s.version == vim.lsp.util.buf_versions[bufnr]
  end
  if not vim.wait(10000, status_now, 20) then
    error('no faultline/status notification for ' .. uri .. ' at version ' .. tostring(vim.lsp.util.buf_versions[bufnr])
      .. ': ' .. vim.inspect(_G.faultline_status))
  end
  result.status = _G.faultline_status[uri]

  -- the server commands, through workspace/executeCommand as any LSP client sends them
  local review = client.request_sync('workspace/executeCommand',
    { command = 'faultline.server.generateReview', arguments = { uri } }, 10000, bufnr)
  if not review or review.err then error('generateReview failed: ' .. vim.inspect(review and review.err)) end
  result.review = { language = review.result.language, length = #review.result.markdown,
                    headings = vim.tbl_filter(function(l) return l:match('^#+ ') ~= nil end, vim.split(review.result.markdown, '\n')) }
  local docs = client.request_sync('workspace/executeCommand',
    { command = 'faultline.server.showDocumentation', arguments = { 'timeout' } }, 10000, bufnr)
  if not docs or docs.err then error('showDocumentation failed: ' .. vim.inspect(docs and docs.err)) end
  result.documentation = docs.result
  result.commands = client.server_capabilities.executeCommandProvider and client.server_capabilities.executeCommandProvider.commands
  step('server commands')

  -- informational: the same request on the flow line with a multi-byte "→" (0.7 sends the
  -- line diagnostics back with byte columns as "character")
  local dw = find('dual-write')
  result.dual_write_actions = vim.tbl_map(function(x) return x.action.title end, actions_at(dw))
end)
finish(not ok and tostring(err) or nil)
