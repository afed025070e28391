//! The server: serves LSP over a pair of streams and routes each method to its handler. It holds
//! no logic: what a method does is in `handlers/`, when diagnostics go out in `publish`.

use crate::backend::Backend;
use crate::handlers::{
    completion, configuration, diagnostics, editing, highlighting, lifecycle, navigation, sync,
};
use crate::transport;
use serde_json::Value;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;
use tokio::io::{AsyncRead, AsyncWrite};
use tower_lsp_server::jsonrpc::Result;
use tower_lsp_server::ls_types::*;
use tower_lsp_server::{LanguageServer, LspService, Server};

/// Serves until `exit`; returns whether `shutdown` came first.
pub async fn serve(
    stdin: impl AsyncRead + Unpin + Send + 'static,
    stdout: impl AsyncWrite + Unpin + Send + 'static,
) -> bool {
    let shutdown = Arc::new(AtomicBool::new(false));
    let flag = shutdown.clone();
    // tower-lsp-server writes into a pipe; one writer owns stdout (see `transport`).
    let (framework_out, outbox, writer) = transport::output(stdout);
    let builder = LspService::build(move |client| Lsp(Backend::new(client, outbox, flag)))
        .custom_method(transport::INVALID_MESSAGE, Lsp::invalid_message);
    // A request that panics on purpose, so the tests can prove a panic is answered as an error
    // and the server keeps serving. Debug builds only.
    #[cfg(debug_assertions)]
    let builder = builder.custom_method("nianbao/testPanic", Lsp::test_panic);
    let (service, socket) = builder.finish();
    Server::new(transport::guarded(stdin), framework_out, socket)
        .serve(service)
        .await;
    // The framework's output has ended; what is queued is written before the process exits.
    if let Err(e) = writer.await {
        tracing::error!("the output writer failed: {e}");
    }
    shutdown.load(Ordering::SeqCst)
}

/// The framework's view of the server: each method handed to its handler.
struct Lsp(Backend);

impl Lsp {
    async fn invalid_message(&self, params: Value) -> Result<Value> {
        Err(lifecycle::invalid_message(&params))
    }

    #[cfg(debug_assertions)]
    async fn test_panic(&self, _: Value) -> Result<Value> {
        crate::guard::guard("nianbao/testPanic", || {
            panic!("a panic asked for by nianbao/testPanic")
        })
    }
}

impl LanguageServer for Lsp {
    async fn initialize(&self, params: InitializeParams) -> Result<InitializeResult> {
        lifecycle::initialize(&self.0, params).await
    }

    async fn initialized(&self, _: InitializedParams) {
        lifecycle::initialized(&self.0).await
    }

    async fn shutdown(&self) -> Result<()> {
        lifecycle::shutdown(&self.0);
        Ok(())
    }

    async fn did_open(&self, params: DidOpenTextDocumentParams) {
        sync::did_open(&self.0, params).await
    }

    async fn did_change(&self, params: DidChangeTextDocumentParams) {
        sync::did_change(&self.0, params)
    }

    async fn did_close(&self, params: DidCloseTextDocumentParams) {
        sync::did_close(&self.0, params).await
    }

    async fn did_change_configuration(&self, params: DidChangeConfigurationParams) {
        configuration::did_change_configuration(&self.0, params).await
    }

    async fn did_change_watched_files(&self, params: DidChangeWatchedFilesParams) {
        configuration::did_change_watched_files(&self.0, params).await
    }

    async fn diagnostic(
        &self,
        params: DocumentDiagnosticParams,
    ) -> Result<DocumentDiagnosticReportResult> {
        diagnostics::diagnostic(&self.0, params).await
    }

    async fn workspace_diagnostic(
        &self,
        params: WorkspaceDiagnosticParams,
    ) -> Result<WorkspaceDiagnosticReportResult> {
        diagnostics::workspace_diagnostic(&self.0, params).await
    }

    async fn hover(&self, params: HoverParams) -> Result<Option<Hover>> {
        navigation::hover(&self.0, params).await
    }

    async fn document_symbol(
        &self,
        params: DocumentSymbolParams,
    ) -> Result<Option<DocumentSymbolResponse>> {
        navigation::document_symbol(&self.0, params).await
    }

    async fn folding_range(&self, params: FoldingRangeParams) -> Result<Option<Vec<FoldingRange>>> {
        navigation::folding_range(&self.0, params).await
    }

    async fn references(&self, params: ReferenceParams) -> Result<Option<Vec<Location>>> {
        navigation::references(&self.0, params).await
    }

    async fn semantic_tokens_full(
        &self,
        params: SemanticTokensParams,
    ) -> Result<Option<SemanticTokensResult>> {
        highlighting::semantic_tokens_full(&self.0, params).await
    }

    async fn semantic_tokens_range(
        &self,
        params: SemanticTokensRangeParams,
    ) -> Result<Option<SemanticTokensRangeResult>> {
        highlighting::semantic_tokens_range(&self.0, params).await
    }

    async fn inlay_hint(&self, params: InlayHintParams) -> Result<Option<Vec<InlayHint>>> {
        highlighting::inlay_hint(&self.0, params).await
    }

    async fn completion(&self, params: CompletionParams) -> Result<Option<CompletionResponse>> {
        completion::completion(&self.0, params).await
    }

    async fn formatting(&self, params: DocumentFormattingParams) -> Result<Option<Vec<TextEdit>>> {
        editing::formatting(&self.0, params).await
    }

    async fn range_formatting(
        &self,
        params: DocumentRangeFormattingParams,
    ) -> Result<Option<Vec<TextEdit>>> {
        editing::range_formatting(&self.0, params).await
    }

    async fn code_action(&self, params: CodeActionParams) -> Result<Option<CodeActionResponse>> {
        editing::code_action(&self.0, params).await
    }

    async fn code_action_resolve(&self, action: CodeAction) -> Result<CodeAction> {
        editing::code_action_resolve(&self.0, action).await
    }
}
