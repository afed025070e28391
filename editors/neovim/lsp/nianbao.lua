-- The nianbao language server, for Neovim 0.11's vim.lsp.config / vim.lsp.enable:
--
--   vim.lsp.enable("nianbao")
--
-- Override any field with vim.lsp.config("nianbao", { ... }), e.g. the binary:
--
--   vim.lsp.config("nianbao", { cmd = { "/path/to/nianbao", "lsp" } })
--
-- (Neovim 0.10: require("nianbao").setup() starts the same configuration.)
return require("nianbao").server_config()
