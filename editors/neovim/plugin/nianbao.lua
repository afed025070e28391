-- nianbao: commands and tree-sitter highlighting for *.nianbao reports.
-- The language server is enabled by vim.lsp.enable("nianbao") (0.11) or require("nianbao").setup().
if vim.g.loaded_nianbao then
  return
end
vim.g.loaded_nianbao = true

-- Also here (not only in ftdetect/) for plugin managers that load plugin/ lazily.
vim.filetype.add({ extension = { nianbao = "nianbao" } })

local function nianbao()
  return require("nianbao")
end

local group = vim.api.nvim_create_augroup("nianbao", { clear = true })
vim.api.nvim_create_autocmd("FileType", {
  group = group,
  pattern = "nianbao",
  callback = function(ev)
    vim.bo[ev.buf].commentstring = "<!-- %s -->"
    if nianbao().options.treesitter then
      nianbao().start_treesitter(ev.buf)
    end
  end,
})

local command = vim.api.nvim_create_user_command
command("NianbaoFixAll", function()
  nianbao().fix_all(0)
end, { desc = "nianbao: apply every safe fix, no figure changes (source.fixAll.nianbao)" })
command("NianbaoRecompute", function()
  nianbao().recompute_totals(0)
end, { desc = "nianbao: recompute all totals (source.recomputeTotals.nianbao)" })
command("NianbaoFormat", function()
  nianbao().format(0)
end, { desc = "nianbao: align the tables" })
command("NianbaoNew", function(o)
  nianbao().new_report(o.fargs[1], o.fargs[2], o.fargs[3])
end, { nargs = "*", desc = "nianbao: new report from the template: [ORG] [YEAR] [2021|2019]" })
command("NianbaoImport", function(o)
  nianbao().import_report(o.args)
end, { nargs = "?", complete = "file", desc = "nianbao: import a published report (HTML, .docx, text)" })
command("NianbaoExplain", function(o)
  nianbao().explain(o.args)
end, { nargs = "?", desc = "nianbao: a rule's documentation (NB103) or a category's statute text" })
command("NianbaoRestart", function()
  nianbao().restart()
end, { desc = "nianbao: restart the language server" })
