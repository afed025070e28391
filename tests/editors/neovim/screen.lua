-- Neovim in a real terminal (tmux), for the screenshot test: opens seed 002 with the plugin and
-- the language server, waits for the diagnostics, moves to （二）部分公开 and opens the hover.
-- Writes "ready" to $NIANBAO_SCREEN_READY once the hover window is shown.
local repo = assert(os.getenv("NIANBAO_REPO"))
local bin = assert(os.getenv("NIANBAO_BIN"))
local ready = assert(os.getenv("NIANBAO_SCREEN_READY"))
local file = assert(os.getenv("NIANBAO_SCREEN_FILE"))

vim.opt.runtimepath:prepend(repo .. "/editors/neovim")
vim.env.PATH = vim.fs.dirname(bin) .. ":" .. vim.env.PATH
vim.opt.termguicolors = true
vim.opt.swapfile = false
vim.opt.number = true
vim.opt.signcolumn = "yes"
vim.opt.wrap = false
vim.opt.shortmess:append("I")
vim.diagnostic.config({ virtual_text = { prefix = "●" }, severity_sort = true })
vim.lsp.enable("nianbao")

vim.api.nvim_create_autocmd("VimEnter", {
  once = true,
  nested = true, -- so that :edit below runs the filetype and LSP autocommands
  callback = function()
    vim.cmd("edit " .. vim.fn.fnameescape(file))
    local buf = vim.api.nvim_get_current_buf()
    local function has_findings()
      for _, d in ipairs(vim.diagnostic.get(buf)) do
        if d.code == "NB104" then
          return true
        end
      end
      return false
    end
    local tries = 0
    local function step()
      tries = tries + 1
      if not has_findings() and tries < 200 then
        return vim.defer_fn(step, 100)
      end
      local lines = vim.api.nvim_buf_get_lines(buf, 0, -1, false)
      for i, l in ipairs(lines) do
        if l:find("| (二) 部分公开", 1, true) then
          vim.api.nvim_win_set_cursor(0, { i, 6 })
          vim.cmd("normal! zt")
          vim.cmd("normal! 8\25") -- scroll so that the rows above show too
          vim.api.nvim_win_set_cursor(0, { i, 6 })
          break
        end
      end
      vim.lsp.buf.hover({ border = "rounded", max_width = 90 })
      local function wait_float(n)
        for _, win in ipairs(vim.api.nvim_list_wins()) do
          if vim.api.nvim_win_get_config(win).relative ~= "" then
            vim.cmd("redraw")
            local f = io.open(ready, "w")
            if f then
              f:write("ready\n")
              f:close()
            end
            return
          end
        end
        if n < 100 then
          vim.defer_fn(function()
            wait_float(n + 1)
          end, 100)
        end
      end
      wait_float(0)
    end
    step()
  end,
})
