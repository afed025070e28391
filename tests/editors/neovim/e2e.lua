-- Real-editor test of the Neovim plugin: headless Neovim 0.11 with editors/neovim on the
-- runtimepath, the tree-sitter parser built from grammar/, and the real `nianbao lsp`.
--
--   NIANBAO_REPO=… NIANBAO_BIN=…/nianbao NIANBAO_MODE=enable|setup \
--     nvim --headless --clean -u tests/editors/neovim/e2e.lua
--
-- NIANBAO_MODE=enable: the 0.11 way, vim.lsp.enable("nianbao") with nianbao on PATH.
-- NIANBAO_MODE=setup:  require("nianbao").setup({ cmd = { BIN, "lsp" } }).
-- Prints one line per check and "neovim (MODE): N passed, N failed"; exits 1 if any failed.

local repo = assert(os.getenv("NIANBAO_REPO"), "NIANBAO_REPO")
local bin = assert(os.getenv("NIANBAO_BIN"), "NIANBAO_BIN")
local mode = os.getenv("NIANBAO_MODE") or "enable"
local quick = os.getenv("NIANBAO_NVIM_TREESITTER_ONLY") == "1"

vim.opt.runtimepath:prepend(repo .. "/editors/neovim")
vim.opt.swapfile = false
vim.opt.shortmess:append("I")
vim.env.PATH = vim.fs.dirname(bin) .. ":" .. vim.env.PATH

local t0 = vim.uv.hrtime()
local function secs()
  return string.format("%.1f", (vim.uv.hrtime() - t0) / 1e9)
end
local function out(s)
  io.stdout:write(string.format("[neovim %s %ss] %s\n", mode, secs(), s))
end

local results = {}
local function check(name, needs, fn)
  local start = vim.uv.hrtime()
  local ok, err = xpcall(fn, debug.traceback)
  local took = string.format("%.1fs", (vim.uv.hrtime() - start) / 1e9)
  table.insert(results, { name = name, ok = ok, err = err, needs = needs })
  if ok then
    out("PASS " .. name .. " (" .. took .. ")")
  else
    out("FAIL " .. name .. ": " .. tostring(err):gsub("\n.*", ""))
    if needs then
      out("     needs from the language server: " .. needs)
    end
  end
end

local function wait(what, ms, fn)
  local value
  local ok = vim.wait(ms, function()
    local good, v = pcall(fn)
    if good and v then
      value = v
      return true
    end
    return false
  end, 50)
  if not ok then
    error("timed out after " .. ms / 1000 .. "s waiting for " .. what, 2)
  end
  return value
end

local function read(path)
  local f = assert(io.open(path, "rb"))
  local s = f:read("*a")
  f:close()
  return s
end

local function write(path, s)
  local f = assert(io.open(path, "wb"))
  f:write(s)
  f:close()
end

--- 1-based line number of the first line containing `needle` (plain).
local function line_of(text, needle)
  local n = 0
  for line in (text .. "\n"):gmatch("(.-)\n") do
    n = n + 1
    if line:find(needle, 1, true) then
      return n
    end
  end
  error("no line contains " .. needle)
end

local function findings_on_disk(path)
  local r = vim.system({ bin, "check", "--format", "json", path }, { text = true }):wait()
  assert(r.code == 0 or r.code == 1, "nianbao check failed: " .. (r.stderr or ""))
  return vim.json.decode(r.stdout).findings
end

local function arithmetic(findings)
  local n = 0
  for _, f in ipairs(findings) do
    if tostring(f.code):match("^NB1") then
      n = n + 1
    end
  end
  return n
end

local function buffer_text(buf)
  return table.concat(vim.api.nvim_buf_get_lines(buf, 0, -1, false), "\n")
end

--- The figures of a report's tables, in order, as one string.
local function figures(text)
  local out = {}
  for line in text:gmatch("[^\n]+") do
    if line:match("^%s*|") then
      for cell in line:gmatch("|([^|]*)") do
        local c = vim.trim(cell)
        if c:match("^[0-9.]+$") then
          table.insert(out, c)
        end
      end
    end
  end
  return table.concat(out, ",")
end

local function codes(buf)
  local set = {}
  for _, d in ipairs(vim.diagnostic.get(buf)) do
    if d.code then
      set[tostring(d.code)] = (set[tostring(d.code)] or 0) + 1
    end
  end
  return set
end

local function nianbao_client(buf)
  return vim.lsp.get_clients({ bufnr = buf, name = "nianbao" })[1]
end

-- The workspace: seed 002 as published, a clean report with one wrong total, and the clean
-- report with its tables squashed (for formatting).
local ws = vim.fn.tempname() .. "-nianbao-nvim"
vim.fn.mkdir(ws, "p")
write(ws .. "/nianbao.toml", "")
local seed_text = read(repo .. "/examples/seed-002-fengquan.nianbao")
write(ws .. "/seed-002-fengquan.nianbao", seed_text)
local clean = read(repo .. "/examples/clean-2024.nianbao")
local wrong_text, n = clean:gsub("(| （七）总计 +| +87 | +)9( |)", "%119%2")
assert(n == 1, "clean-2024.nianbao changed: its （七）总计·商业企业 is no longer 9")
write(ws .. "/wrong-total.nianbao", wrong_text)

local function main()
  if mode == "setup" then
    require("nianbao").setup({ cmd = { bin, "lsp" } })
  else
    vim.lsp.enable("nianbao")
  end

  local t_open = vim.uv.hrtime()
  vim.cmd("edit " .. vim.fn.fnameescape(ws .. "/seed-002-fengquan.nianbao"))
  local buf = vim.api.nvim_get_current_buf()

  check("filetype detection: *.nianbao is nianbao", nil, function()
    assert(vim.bo[buf].filetype == "nianbao", "filetype is " .. vim.bo[buf].filetype)
  end)

  if mode == "enable" then
    check("tree-sitter: the parser loads and highlights the buffer", nil, function()
      assert(vim.treesitter.language.add("nianbao"), "the nianbao parser is not on the runtimepath")
      assert(vim.treesitter.highlighter.active[buf], "tree-sitter highlighting did not start")
      local parser = vim.treesitter.get_parser(buf, "nianbao")
      local tree = parser:parse()[1]
      assert(not tree:root():has_error(), "seed-002 parses with an ERROR node")
    end)

    check("tree-sitter: highlight captures at known positions", nil, function()
      local function captures(line, needle, nth)
        local text = vim.api.nvim_buf_get_lines(buf, line - 1, line, false)[1]
        local from = 0
        for _ = 1, nth or 1 do
          from = assert(text:find(needle, from + 1, true), needle .. " not on line " .. line)
        end
        local names = {}
        for _, c in ipairs(vim.treesitter.get_captures_at_pos(buf, line - 1, from - 1)) do
          names[c.capture] = true
        end
        return names, text
      end
      local function expect(line, needle, capture, nth)
        local names, text = captures(line, needle, nth)
        if not names[capture] then
          error(
            string.format(
              "line %d %q at %q: expected @%s, got {%s}",
              line,
              text,
              needle,
              capture,
              table.concat(vim.tbl_keys(names), ", ")
            )
          )
        end
      end
      local row = line_of(seed_text, "| 行政规范性文件 |")
      expect(row, "行政规范性文件", "label.row")
      expect(row, "6", "number")
      expect(row, "|", "punctuation.delimiter")
      expect(line_of(seed_text, "| 信息内容       | 本年制发件数"), "本年制发件数", "label.column")
      expect(line_of(seed_text, "## 一、总体情况"), "一、总体情况", "markup.heading")
      expect(line_of(seed_text, "### 第二十条第（一）项"), "第二十条", "markup.heading")
      expect(line_of(seed_text, "机关:"), "机关", "property")
      expect(line_of(seed_text, "<!--"), "<!--", "comment")
    end)

    check("queries/nianbao: folds query marks the tables", nil, function()
      local query = vim.treesitter.query.get("nianbao", "folds")
      assert(query, "no folds query")
      local tree = vim.treesitter.get_parser(buf, "nianbao"):parse()[1]
      local tables = 0
      for id, node in query:iter_captures(tree:root(), buf, 0, -1) do
        if query.captures[id] == "fold" and node:type() == "table" then
          tables = tables + 1
        end
      end
      assert(tables >= 6, "expected the 6 tables of seed 002 as folds, got " .. tables)
    end)
  end

  if quick then
    return
  end

  local first_diagnostic
  check("LSP attaches and publishes NB103, NB104 and NB210", "textDocument/publishDiagnostics with codes", function()
    wait("the nianbao client to attach", 20000, function()
      return nianbao_client(buf)
    end)
    wait("NB103, NB104 and NB210", 30000, function()
      local c = codes(buf)
      return c.NB103 and c.NB104 and c.NB210
    end)
    first_diagnostic = (vim.uv.hrtime() - t_open) / 1e9
    out(string.format("first diagnostics %.2fs after :edit", first_diagnostic))
    local total_line = line_of(seed_text, "| (七) 总计") - 1
    local on_total = false
    for _, d in ipairs(vim.diagnostic.get(buf)) do
      if d.code == "NB103" and d.lnum == total_line then
        on_total = true
      end
    end
    assert(on_total, "no NB103 on the （七）总计 row (line " .. total_line + 1 .. ")")
  end)

  check("hover on （二）部分公开 shows 第三十七条", "textDocument/hover on row labels", function()
    local line = line_of(seed_text, "| (二) 部分公开")
    vim.api.nvim_win_set_cursor(0, { line, 6 })
    vim.lsp.buf.hover()
    local text = wait("a hover window with 第三十七条", 10000, function()
      for _, win in ipairs(vim.api.nvim_list_wins()) do
        if vim.api.nvim_win_get_config(win).relative ~= "" then
          local t = buffer_text(vim.api.nvim_win_get_buf(win))
          if t:find("第三十七条", 1, true) then
            return t
          end
        end
      end
    end)
    assert(text:find("区分处理", 1, true), "the hover lacks the article's text")
    for _, win in ipairs(vim.api.nvim_list_wins()) do
      if vim.api.nvim_win_get_config(win).relative ~= "" then
        vim.api.nvim_win_close(win, true)
      end
    end
  end)

  check("code action recomputes a wrong total; the buffer adds up", "textDocument/codeAction quickfix with the fix edits", function()
    vim.cmd("edit " .. vim.fn.fnameescape(ws .. "/wrong-total.nianbao"))
    local wbuf = vim.api.nvim_get_current_buf()
    wait("NB103 on the wrong total", 30000, function()
      return nianbao_client(wbuf) and codes(wbuf).NB103
    end)
    local line = line_of(wrong_text, "| （七）总计")
    local text = vim.api.nvim_buf_get_lines(wbuf, line - 1, line, false)[1]
    local col = assert(text:find("19", 1, true))
    vim.api.nvim_win_set_cursor(0, { line, col - 1 })
    vim.lsp.buf.code_action({
      filter = function(action)
        return action.title:find("改为 9", 1, true) ~= nil
      end,
      apply = true,
    })
    wait("the cell to read 9", 10000, function()
      local now = vim.api.nvim_buf_get_lines(wbuf, line - 1, line, false)[1]
      return now:match("（七）总计 +| +87 | +9 |")
    end)
    wait("the arithmetic findings to clear", 10000, function()
      for code in pairs(codes(wbuf)) do
        if code:match("^NB1") then
          return false
        end
      end
      return true
    end)
    vim.cmd("silent write")
    local left = arithmetic(findings_on_disk(ws .. "/wrong-total.nianbao"))
    assert(left == 0, left .. " arithmetic findings left on disk")
  end)

  check(":NianbaoFixAll marks seed-002's broken sums 待核 and changes no figure", "source.fixAll.nianbao code action", function()
    vim.cmd("edit " .. vim.fn.fnameescape(ws .. "/seed-002-fengquan.nianbao"))
    local sbuf = vim.api.nvim_get_current_buf()
    wait("the client on seed-002", 10000, function()
      return nianbao_client(sbuf)
    end)
    local before = figures(buffer_text(sbuf))
    vim.cmd("NianbaoFixAll")
    wait("the broken sums marked in the buffer", 10000, function()
      return buffer_text(sbuf):find("待核", 1, true)
    end)
    assert(figures(buffer_text(sbuf)) == before, "a figure changed")
    vim.cmd("silent write")
  end)

  check(":NianbaoRecompute leaves seed-002 with no arithmetic finding", "source.recomputeTotals.nianbao code action", function()
    vim.cmd("edit " .. vim.fn.fnameescape(ws .. "/seed-002-fengquan.nianbao"))
    local sbuf = vim.api.nvim_get_current_buf()
    wait("the client on seed-002", 10000, function()
      return nianbao_client(sbuf)
    end)
    local before = buffer_text(sbuf)
    vim.cmd("NianbaoRecompute")
    wait("the totals recomputed in the buffer", 10000, function()
      return buffer_text(sbuf) ~= before
    end)
    vim.cmd("silent write")
    local left = arithmetic(findings_on_disk(ws .. "/seed-002-fengquan.nianbao"))
    assert(left == 0, left .. " arithmetic findings left on disk")
    wait("NB103/NB104 to leave the buffer's diagnostics", 10000, function()
      local c = codes(sbuf)
      return not c.NB103 and not c.NB104
    end)
  end)

  check(":NianbaoFormat aligns the tables as nianbao fmt does", "textDocument/formatting", function()
    local squashed = clean:gsub(" +|", " |"):gsub("| +", "| ")
    assert(squashed ~= clean, "nothing to format")
    write(ws .. "/squashed.nianbao", squashed)
    vim.cmd("edit " .. vim.fn.fnameescape(ws .. "/squashed.nianbao"))
    local fbuf = vim.api.nvim_get_current_buf()
    wait("the client on squashed.nianbao", 10000, function()
      return nianbao_client(fbuf)
    end)
    vim.cmd("NianbaoFormat")
    local want = clean:gsub("\n$", "")
    wait("the buffer to equal the aligned report", 10000, function()
      return buffer_text(fbuf) == want
    end)
  end)

  check(":NianbaoExplain NB103 shows the rule's documentation", nil, function()
    vim.cmd("NianbaoExplain NB103")
    local t = buffer_text(vim.api.nvim_get_current_buf())
    assert(t:find("## NB103", 1, true), "no NB103 heading in: " .. t:sub(1, 200))
    vim.cmd("close")
  end)

  check(":NianbaoNew opens a skeleton that checks clean", nil, function()
    vim.cmd("NianbaoNew 某某局 2024")
    local nbuf = vim.api.nvim_get_current_buf()
    assert(vim.bo[nbuf].filetype == "nianbao", "the new buffer is not nianbao")
    local text = buffer_text(nbuf)
    assert(text:find("# 某某局2024年政府信息公开工作年度报告", 1, true), "no title")
    local r = vim.system({ bin, "check", "--format", "json", "-" }, { text = true, stdin = text .. "\n" }):wait()
    assert(r.code == 0, "nianbao check - on the skeleton: exit " .. r.code .. " " .. (r.stderr or ""))
  end)

  check(":NianbaoImport turns a published HTML report into markup", nil, function()
    local html = ws .. "/published.html"
    local r = vim.system({ bin, "render", repo .. "/examples/clean-2024.nianbao", "-o", html }, { text = true }):wait()
    assert(r.code == 0, "nianbao render failed: " .. (r.stderr or ""))
    vim.cmd("NianbaoImport " .. vim.fn.fnameescape(html))
    local ibuf = vim.api.nvim_get_current_buf()
    assert(vim.bo[ibuf].filetype == "nianbao", "the imported buffer is not nianbao")
    local text = buffer_text(ibuf)
    assert(text:find("# 某市某某局2024年政府信息公开工作年度报告", 1, true), "no title in: " .. text:sub(1, 200))
    local c = vim.system({ bin, "check", "--format", "json", "-" }, { text = true, stdin = text .. "\n" }):wait()
    assert(c.code == 0, "the imported report does not check clean: exit " .. c.code)
  end)

  if first_diagnostic then
    out(string.format("first diagnostic %.2fs after opening the report", first_diagnostic))
  end
end

local function finish()
  local passed, failed = 0, 0
  for _, r in ipairs(results) do
    if r.ok then
      passed = passed + 1
    else
      failed = failed + 1
    end
  end
  io.stdout:write(string.format("\nneovim (%s): %d passed, %d failed\n", mode, passed, failed))
  for _, r in ipairs(results) do
    if not r.ok then
      io.stdout:write("  FAILED: " .. r.name .. ": " .. tostring(r.err):gsub("\n.*", "") .. "\n")
      if r.needs then
        io.stdout:write("          (needs from the language server: " .. r.needs .. ")\n")
      end
    end
  end
  vim.fn.delete(ws, "rf")
  for _, c in ipairs(vim.lsp.get_clients()) do
    c:stop(true)
  end
  vim.cmd((failed == 0 and passed > 0) and "qall!" or "cquit! 1")
end

vim.api.nvim_create_autocmd("VimEnter", {
  once = true,
  callback = function()
    vim.schedule(function()
      local ok, err = xpcall(main, debug.traceback)
      if not ok then
        table.insert(results, { name = "test driver", ok = false, err = err })
        io.stdout:write("ERROR " .. tostring(err) .. "\n")
      end
      finish()
    end)
  end,
})
