//! The nianbao language server (see issue: language server).
