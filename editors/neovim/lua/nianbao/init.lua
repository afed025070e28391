-- nianbao for Neovim: the language server's configuration, the commands that mirror the VS Code
-- extension's, and tree-sitter highlighting when the parser is installed.
--
-- Neovim 0.11+:  vim.lsp.enable("nianbao")            (lsp/nianbao.lua on the runtimepath)
--                or require("nianbao").setup({ ... }) (the same, with options)
-- Neovim 0.10:   require("nianbao").setup({ ... })    (starts the server on FileType nianbao)

local M = {}

---@class nianbao.Options
---@field cmd string[]?        the server command; default { "nianbao", "lsp" }
---@field lang "zh"|"en"?      message language (overrides nianbao.toml)
---@field log_level string?    the server's NIANBAO_LOG (error, warn, info, debug, trace)
---@field treesitter boolean?  start tree-sitter highlighting when the parser is installed
---@field enable boolean?      setup() enables the server (default true)
M.options = {
  cmd = nil,
  lang = "zh",
  log_level = "warn",
  treesitter = true,
  enable = true,
}

-- Every safe fix, as `nianbao fix` makes them (no figure changes); and every total recomputed,
-- only when asked for.
local FIX_ALL = "source.fixAll.nianbao"
local RECOMPUTE = "source.recomputeTotals.nianbao"

--- The nianbao binary the commands run: the first word of `cmd`, else `nianbao`.
function M.binary()
  local cmd = M.options.cmd
  if type(cmd) == "table" and type(cmd[1]) == "string" then
    return cmd[1]
  end
  return "nianbao"
end

--- The client configuration (the table lsp/nianbao.lua returns).
function M.server_config()
  local o = M.options
  return {
    cmd = o.cmd or { M.binary(), "lsp" },
    cmd_env = { NIANBAO_LOG = o.log_level },
    filetypes = { "nianbao" },
    root_markers = { "nianbao.toml", ".git" },
    init_options = { lang = o.lang, logLevel = o.log_level },
    settings = { nianbao = { lang = o.lang, server = { logLevel = o.log_level } } },
  }
end

local function notify(msg, level)
  vim.notify("nianbao: " .. msg, level or vim.log.levels.INFO)
end

--- Starts tree-sitter highlighting in `buf` if the nianbao parser can be loaded.
---@return boolean started
function M.start_treesitter(buf)
  buf = buf or vim.api.nvim_get_current_buf()
  local ok, loaded = pcall(vim.treesitter.language.add, "nianbao")
  if not ok or loaded == false then
    return false
  end
  return (pcall(vim.treesitter.start, buf, "nianbao"))
end

local function client_for(buf)
  local get = vim.lsp.get_clients or vim.lsp.get_active_clients
  return get({ bufnr = buf, name = "nianbao" })[1]
end

--- Runs the CLI: `nianbao ARGS…`; returns the completed vim.system result.
local function run(args)
  local cmd = { M.binary(), "--lang", M.options.lang or "zh" }
  vim.list_extend(cmd, args)
  local ok, result = pcall(function()
    return vim.system(cmd, { text = true }):wait(60000)
  end)
  if not ok then
    return { code = 127, stdout = "", stderr = tostring(result) }
  end
  return result
end

local function scratch(lines, filetype, name)
  vim.cmd("enew")
  local buf = vim.api.nvim_get_current_buf()
  vim.api.nvim_buf_set_lines(buf, 0, -1, false, lines)
  vim.bo[buf].filetype = filetype
  if name then
    pcall(vim.api.nvim_buf_set_name, buf, name)
  end
  return buf
end

local function split_lines(text)
  text = text:gsub("\r\n", "\n"):gsub("\n$", "")
  return vim.split(text, "\n", { plain = true })
end

local HAS_011 = vim.fn.has("nvim-0.11") == 1

-- Client methods are called with `:` from 0.11 on and with `.` before.
local function request(client, method, params, handler, buf)
  if HAS_011 then
    return client:request(method, params, handler, buf)
  end
  return client.request(method, params, handler, buf)
end

local function supports(client, method)
  if HAS_011 then
    return client:supports_method(method)
  end
  return client.supports_method(method)
end

local function apply_action(client, action, buf)
  if action.edit then
    vim.lsp.util.apply_workspace_edit(action.edit, client.offset_encoding or "utf-16")
  end
  local command = action.command
  if type(command) == "table" then
    if HAS_011 and client.exec_cmd then
      client:exec_cmd(command, { bufnr = buf })
    else
      request(client, "workspace/executeCommand", command, nil, buf)
    end
  end
end

--- Applies the server's whole-document action of `kind` to the buffer.
---@param kind string
---@param nothing string what to say when there is nothing to do
---@param buf integer?
---@param on_done fun(applied: boolean)?
local function apply_whole(kind, nothing, buf, on_done)
  buf = (buf == nil or buf == 0) and vim.api.nvim_get_current_buf() or buf
  on_done = on_done or function() end
  local client = client_for(buf)
  if not client then
    notify("the language server is not attached to this buffer", vim.log.levels.ERROR)
    return on_done(false)
  end
  local last = math.max(vim.api.nvim_buf_line_count(buf) - 1, 0)
  local params = {
    textDocument = vim.lsp.util.make_text_document_params(buf),
    range = { start = { line = 0, character = 0 }, ["end"] = { line = last + 1, character = 0 } },
    context = { diagnostics = {}, only = { kind }, triggerKind = 1 },
  }
  local function handle(err, actions)
    if err then
      notify(kind .. " failed: " .. (err.message or vim.inspect(err)), vim.log.levels.ERROR)
      return on_done(false)
    end
    local chosen
    for _, a in ipairs(actions or {}) do
      if a.kind and (a.kind == kind or vim.startswith(a.kind, kind .. ".")) then
        chosen = a
        break
      end
    end
    if not chosen then
      notify(nothing)
      return on_done(false)
    end
    if not chosen.edit and not chosen.command and chosen.data ~= nil then
      local function resolved(rerr, full)
        if rerr or not full then
          notify(kind .. " could not be resolved", vim.log.levels.ERROR)
          return on_done(false)
        end
        apply_action(client, full, buf)
        on_done(true)
      end
      if supports(client, "codeAction/resolve") then
        request(client, "codeAction/resolve", chosen, resolved, buf)
        return
      end
    end
    apply_action(client, chosen, buf)
    on_done(true)
  end
  request(client, "textDocument/codeAction", params, handle, buf)
end

--- Every safe fix of the report, as `nianbao fix` makes them (source.fixAll.nianbao): no figure
--- of a sum that does not add up changes; its cells are marked 待核 for you to judge.
---@param buf integer?
---@param on_done fun(applied: boolean)?
function M.fix_all(buf, on_done)
  apply_whole(FIX_ALL, "no safe fix to apply", buf, on_done)
end

--- Recomputes every total of the report from its parts (source.recomputeTotals.nianbao).
---@param buf integer?
---@param on_done fun(applied: boolean)?
function M.recompute_totals(buf, on_done)
  apply_whole(RECOMPUTE, "every total already adds up; nothing to recompute", buf, on_done)
end

--- Aligns the tables (the server's document formatting, as `nianbao fmt`).
function M.format(buf)
  buf = (buf == nil or buf == 0) and vim.api.nvim_get_current_buf() or buf
  vim.lsp.buf.format({ bufnr = buf, name = "nianbao", timeout_ms = 5000 })
end

--- A new report from the template in a new buffer (`nianbao new`).
function M.new_report(org, year, template)
  org = (org and org ~= "") and org or vim.fn.input("机关 (reporting organ): ")
  if org == "" then
    return
  end
  year = (year and year ~= "") and year or vim.fn.input("年度 (year): ", tostring(tonumber(os.date("%Y")) - 1))
  template = (template and template ~= "") and template or "2021"
  local r = run({ "new", "--org", org, "--year", year, "--template", template })
  if r.code ~= 0 then
    notify("new failed: " .. vim.trim(r.stderr or ""), vim.log.levels.ERROR)
    return
  end
  return scratch(split_lines(r.stdout), "nianbao")
end

--- Imports a published report (HTML, .docx, text) into a new buffer (`nianbao import FILE`).
function M.import_report(file)
  file = (file and file ~= "") and file or vim.fn.input("Import a published report: ", "", "file")
  if file == "" then
    return
  end
  file = vim.fn.fnamemodify(vim.fn.expand(file), ":p")
  local r = run({ "import", file })
  if r.code ~= 0 or vim.trim(r.stdout or "") == "" then
    notify("import " .. file .. " failed: " .. vim.trim(r.stderr or ""), vim.log.levels.ERROR)
    return
  end
  local buf = scratch(split_lines(r.stdout), "nianbao")
  if vim.trim(r.stderr or "") ~= "" then
    notify(vim.trim(r.stderr))
  end
  return buf
end

--- The finding code (NBxxx) of a diagnostic under the cursor, if any.
local function code_at_cursor()
  local buf = vim.api.nvim_get_current_buf()
  local pos = vim.api.nvim_win_get_cursor(0)
  local row, col = pos[1] - 1, pos[2]
  for _, d in ipairs(vim.diagnostic.get(buf, { lnum = row })) do
    local code = d.code or (d.user_data and d.user_data.lsp and d.user_data.lsp.code)
    if type(code) == "string" and code:match("^NB%d%d%d$") and col >= d.col and col <= (d.end_col or d.col) then
      return code
    end
  end
  for _, d in ipairs(vim.diagnostic.get(buf, { lnum = row })) do
    if type(d.code) == "string" and d.code:match("^NB%d%d%d$") then
      return d.code
    end
  end
end

--- A rule's documentation or a category's statute text (`nianbao explain`), in a split.
function M.explain(query)
  query = (query and query ~= "") and query or code_at_cursor() or vim.fn.input("Explain (NB103, 部分公开): ")
  if query == "" then
    return
  end
  local r = run({ "explain", query })
  if r.code ~= 0 then
    notify("explain " .. query .. ": " .. vim.trim(r.stderr or ""), vim.log.levels.ERROR)
    return
  end
  vim.cmd("botright new")
  local buf = vim.api.nvim_get_current_buf()
  vim.api.nvim_buf_set_lines(buf, 0, -1, false, split_lines(r.stdout))
  vim.bo[buf].buftype = "nofile"
  vim.bo[buf].bufhidden = "wipe"
  vim.bo[buf].filetype = "markdown"
  vim.bo[buf].modifiable = false
  pcall(vim.api.nvim_buf_set_name, buf, "nianbao-explain://" .. query)
  return buf
end

--- Stops the server; Neovim starts it again for every nianbao buffer.
function M.restart()
  local get = vim.lsp.get_clients or vim.lsp.get_active_clients
  for _, c in ipairs(get({ name = "nianbao" })) do
    if HAS_011 then
      c:stop()
    else
      c.stop()
    end
  end
  vim.defer_fn(function()
    for _, buf in ipairs(vim.api.nvim_list_bufs()) do
      if vim.api.nvim_buf_is_loaded(buf) and vim.bo[buf].filetype == "nianbao" then
        vim.api.nvim_exec_autocmds("FileType", { buffer = buf, pattern = "nianbao" })
      end
    end
  end, 500)
end

local function start_010(buf)
  local cfg = M.server_config()
  local root = vim.fs.root and vim.fs.root(buf, cfg.root_markers) or nil
  vim.lsp.start({
    name = "nianbao",
    cmd = cfg.cmd,
    cmd_env = cfg.cmd_env,
    root_dir = root or vim.fs.dirname(vim.api.nvim_buf_get_name(buf)),
    init_options = cfg.init_options,
    settings = cfg.settings,
  }, { bufnr = buf })
end

--- Configures (and by default enables) the language server.
---@param opts nianbao.Options?
function M.setup(opts)
  M.options = vim.tbl_deep_extend("force", M.options, opts or {})
  if vim.lsp.config and vim.lsp.enable then
    vim.lsp.config("nianbao", M.server_config())
    if M.options.enable ~= false then
      vim.lsp.enable("nianbao")
    end
  elseif M.options.enable ~= false then
    local group = vim.api.nvim_create_augroup("nianbao_lsp", { clear = true })
    vim.api.nvim_create_autocmd("FileType", {
      group = group,
      pattern = "nianbao",
      callback = function(ev)
        start_010(ev.buf)
      end,
    })
    for _, buf in ipairs(vim.api.nvim_list_bufs()) do
      if vim.api.nvim_buf_is_loaded(buf) and vim.bo[buf].filetype == "nianbao" then
        start_010(buf)
      end
    end
  end
end

return M
