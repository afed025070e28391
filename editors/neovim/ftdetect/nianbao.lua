-- *.nianbao files are 政府信息公开工作年度报告 in the nianbao markup.
vim.filetype.add({ extension = { nianbao = "nianbao" } })
