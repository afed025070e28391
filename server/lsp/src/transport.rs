//! The server's two pipes.
//!
//! Input: a guard in front of tower-lsp-server's reader. Its framed reader ends the whole input
//! stream on the first body it cannot decode (tokio-util stops a `FramedRead` after a decoder
//! error), so one malformed message would end the session. The guard reads the frames itself and
//! passes on only well-formed JSON-RPC messages; anything else becomes a request to
//! `nianbao/invalidMessage`, which the server answers with the JSON-RPC error the client is owed
//! (parse error or invalid request), with the message's id where it had one.
//!
//! Output: one writer owns standard output and writes whole frames only. It takes them from one
//! queue, fed by two sources: the frames tower-lsp-server writes (responses, and its requests and
//! notifications to the client), which it writes into an in-memory pipe and a task reads back
//! frame by frame; and our own notifications (`publishDiagnostics`), serialised straight from
//! their typed params by [`Outbox::notify`]. tower-lsp-server's `Client` would turn the params
//! into a `serde_json::Value` first, then that into text, then free it — for the 1,194
//! diagnostics of a consolidated report, most of what publishing cost on every keystroke.

use serde::Serialize;
use serde_json::{json, Value};
use tokio::io::{
    AsyncBufReadExt, AsyncRead, AsyncReadExt, AsyncWrite, AsyncWriteExt, BufReader, BufWriter,
    DuplexStream,
};
use tokio::sync::mpsc;
use tokio::task::JoinHandle;
use tower_lsp_server::ls_types::notification::Notification;

/// The method malformed messages are turned into.
pub const INVALID_MESSAGE: &str = "nianbao/invalidMessage";

/// Messages larger than this are refused rather than buffered (a 1 MB report is 1 MB).
const MAX_MESSAGE: usize = 256 << 20;

/// Spawns the guard over `input`; the server reads the returned stream.
pub fn guarded(input: impl AsyncRead + Unpin + Send + 'static) -> DuplexStream {
    let (server_side, mut ours) = tokio::io::duplex(1 << 16);
    tokio::spawn(async move {
        let mut reader = BufReader::new(input);
        loop {
            let frame = match read_frame(&mut reader, MAX_MESSAGE).await {
                Ok(Some(frame)) => frame,
                Ok(None) => break,
                Err(e) => {
                    // The client has gone (or the server is exiting): either way, input ends.
                    tracing::debug!("input ended: {e}");
                    break;
                }
            };
            let body = match frame {
                Frame::Body(body) => check(body),
                Frame::BadHeader(why) => invalid(-32700, &why, Value::Null),
            };
            let header = format!("Content-Length: {}\r\n\r\n", body.len());
            if ours.write_all(header.as_bytes()).await.is_err()
                || ours.write_all(&body).await.is_err()
            {
                break; // the server has stopped reading: it is exiting
            }
        }
        // End of input reaches the server as end of input.
        let _ = ours.shutdown().await;
    });
    server_side
}

enum Frame {
    Body(Vec<u8>),
    BadHeader(String),
}

/// The next frame; `None` at the end of the stream. A `Content-Length` above `max` is refused
/// (as a bad header) rather than buffered.
async fn read_frame(
    reader: &mut (impl AsyncBufReadExt + Unpin),
    max: usize,
) -> std::io::Result<Option<Frame>> {
    let mut length: Option<usize> = None;
    let mut bad = None;
    let mut any = false;
    loop {
        let mut line = String::new();
        if reader.read_line(&mut line).await? == 0 {
            return Ok(None);
        }
        let line = line.trim_end_matches(['\r', '\n']);
        if line.is_empty() {
            if any {
                break;
            }
            continue; // stray blank lines between messages
        }
        any = true;
        match line.split_once(':') {
            Some((name, value)) if name.trim().eq_ignore_ascii_case("content-length") => {
                match value.trim().parse() {
                    Ok(n) if n <= max => length = Some(n),
                    _ => bad = Some(format!("bad Content-Length: {}", value.trim())),
                }
            }
            Some(_) => {} // Content-Type and the like
            None => bad = Some(format!("not a header line: {line:.80}")),
        }
    }
    let Some(length) = length else {
        return Ok(Some(Frame::BadHeader(
            bad.unwrap_or_else(|| "no Content-Length header".into()),
        )));
    };
    let mut body = vec![0; length];
    reader.read_exact(&mut body).await?;
    Ok(Some(match bad {
        Some(why) => Frame::BadHeader(why),
        None => Frame::Body(body),
    }))
}

/// The body itself if tower-lsp-server can decode it, else an `invalidMessage` request.
fn check(body: Vec<u8>) -> Vec<u8> {
    let value: Value = match serde_json::from_slice(&body) {
        Ok(value) => value,
        Err(e) => return invalid(-32700, &format!("not JSON: {e}"), Value::Null),
    };
    let id_ok = |id: Option<&Value>| {
        id.is_none_or(|id| id.is_null() || id.is_string() || id.as_i64().is_some())
    };
    let id = value
        .get("id")
        .filter(|id| id_ok(Some(id)))
        .cloned()
        .unwrap_or(Value::Null);
    let well_formed = value.is_object()
        && value["jsonrpc"] == "2.0"
        && id_ok(value.get("id"))
        && match value.get("method") {
            Some(method) => method.is_string(),
            None => {
                value.get("id").is_some()
                    && (value.get("result").is_some()
                        || value.get("error").is_some_and(|e| {
                            e["code"].as_i64().is_some() && e["message"].is_string()
                        }))
            }
        };
    if well_formed {
        body
    } else {
        invalid(-32600, "not a JSON-RPC 2.0 message", id)
    }
}

fn invalid(code: i64, message: &str, id: Value) -> Vec<u8> {
    tracing::warn!("malformed message from the client: {message}");
    json!({"jsonrpc": "2.0", "id": id, "method": INVALID_MESSAGE, "params": {"code": code, "message": message}}).to_string().into_bytes()
}

/// What the writer is handed.
enum Out {
    /// A message body, to be framed and written whole.
    Body(Vec<u8>),
    /// tower-lsp-server has closed its output (after `exit`, or once the client is gone).
    End,
}

/// Where our own notifications go: the writer's queue.
#[derive(Clone)]
pub struct Outbox(mpsc::Sender<Out>);

/// A JSON-RPC notification as tower-lsp-server writes one (`jsonrpc`, `method`, `params`),
/// serialised from borrowed typed params: no `serde_json::Value` in between.
#[derive(Serialize)]
struct Message<'a, P> {
    jsonrpc: &'static str,
    method: &'static str,
    params: &'a P,
}

impl Outbox {
    /// Queues the notification `N`; `size` is about how long it is in bytes, to serialise it
    /// into a buffer of that size rather than one grown (and copied) step by step. After the
    /// writer has stopped (the session is over, or the client is gone) the notification is
    /// dropped, as tower-lsp-server drops notifications after `exit`.
    pub async fn notify<N: Notification>(&self, params: &N::Params, size: usize) {
        let message = Message {
            jsonrpc: "2.0",
            method: N::METHOD,
            params,
        };
        let mut body = Vec::with_capacity(size);
        let body = match serde_json::to_writer(&mut body, &message) {
            Ok(()) => body,
            Err(e) => {
                tracing::error!("cannot serialise {}: {e}", N::METHOD);
                return;
            }
        };
        // As tower-lsp-server logs what it writes (`NIANBAO_LOG=trace`).
        tracing::trace!("-> {}", String::from_utf8_lossy(&body));
        if self.0.send(Out::Body(body)).await.is_err() {
            tracing::debug!("output closed; {} dropped", N::METHOD);
        }
    }
}

/// How many messages may wait for the writer before senders wait: enough that publishing does
/// not wait on a client that reads, few enough that one that does not read holds back the
/// server rather than its memory filling with diagnostics.
const QUEUE: usize = 16;

/// Spawns the writer over `output`. Returns the stream tower-lsp-server is to write to, the
/// outbox for our own notifications, and the writer's handle: it ends once tower-lsp-server's
/// stream has ended and everything queued by then is written and flushed, or when `output`
/// fails (the client is gone).
pub fn output(
    output: impl AsyncWrite + Unpin + Send + 'static,
) -> (DuplexStream, Outbox, JoinHandle<()>) {
    let (framework, pipe) = tokio::io::duplex(1 << 16);
    let (tx, rx) = mpsc::channel(QUEUE);
    let from_framework = tx.clone();
    tokio::spawn(async move {
        let mut reader = BufReader::new(pipe);
        loop {
            // The framework frames its own messages: no limit, and a bad header cannot happen.
            let body = match read_frame(&mut reader, usize::MAX).await {
                Ok(Some(Frame::Body(body))) => body,
                Ok(Some(Frame::BadHeader(why))) => {
                    tracing::error!("unframed output from tower-lsp-server: {why}");
                    continue;
                }
                Ok(None) | Err(_) => {
                    let _ = from_framework.send(Out::End).await;
                    break;
                }
            };
            if from_framework.send(Out::Body(body)).await.is_err() {
                // The writer has stopped: dropping the pipe makes the framework's writes fail,
                // so it stops writing too, as it did when standard output itself failed.
                break;
            }
        }
    });
    let writer = tokio::spawn(write_frames(rx, output));
    (framework, Outbox(tx), writer)
}

/// The one writer of `output`: each message whole, in the order queued (so each source's
/// messages keep their order and no two frames interleave), flushed whenever the queue is empty.
async fn write_frames(mut rx: mpsc::Receiver<Out>, output: impl AsyncWrite + Unpin) {
    // Small frames are gathered into one write; a body larger than the buffer is written from
    // its own allocation, after the header.
    let mut output = BufWriter::with_capacity(1 << 16, output);
    let mut ended = false;
    loop {
        let next = match rx.try_recv() {
            Ok(next) => Some(next),
            Err(mpsc::error::TryRecvError::Disconnected) => None,
            Err(mpsc::error::TryRecvError::Empty) => {
                if let Err(e) = output.flush().await {
                    tracing::debug!("output failed: {e}");
                    return;
                }
                // After the end, what was queued has now been written: done.
                if ended {
                    return;
                }
                rx.recv().await
            }
        };
        let body = match next {
            Some(Out::Body(body)) => body,
            Some(Out::End) => {
                ended = true;
                continue;
            }
            None => {
                let _ = output.flush().await;
                return;
            }
        };
        let header = format!("Content-Length: {}\r\n\r\n", body.len());
        let written = async {
            output.write_all(header.as_bytes()).await?;
            output.write_all(&body).await
        };
        if let Err(e) = written.await {
            tracing::debug!("output failed: {e}");
            return;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_well_formed_messages_pass() {
        let ok = br#"{"jsonrpc":"2.0","id":1,"method":"shutdown"}"#.to_vec();
        assert_eq!(check(ok.clone()), ok);
        let response = br#"{"jsonrpc":"2.0","id":"a","result":null}"#.to_vec();
        assert_eq!(check(response.clone()), response);
        for (bad, code, id) in [
            (&b"{ nope"[..], -32700, Value::Null),
            (
                br#"{"jsonrpc":"1.0","id":3,"method":"x"}"#,
                -32600,
                json!(3),
            ),
            (
                br#"{"jsonrpc":"2.0","id":{"x":1},"method":"x"}"#,
                -32600,
                Value::Null,
            ),
            (br#"[1,2]"#, -32600, Value::Null),
        ] {
            let out: Value = serde_json::from_slice(&check(bad.to_vec())).unwrap_or_default();
            assert_eq!(out["method"], INVALID_MESSAGE);
            assert_eq!(
                (out["params"]["code"].as_i64(), &out["id"]),
                (Some(code), &id)
            );
        }
    }

    /// Two sources at once — the framework writing large responses into its pipe in small
    /// pieces, and large publications of our own — come out as whole frames, each source's in
    /// its order, and everything queued before the framework's output ends is written.
    #[test]
    fn frames_never_interleave_and_all_are_written() {
        use tower_lsp_server::ls_types::notification::PublishDiagnostics;
        use tower_lsp_server::ls_types::{Diagnostic, PublishDiagnosticsParams, Range, Uri};

        let runtime = tokio::runtime::Builder::new_multi_thread()
            .worker_threads(2)
            .enable_all()
            .build()
            .expect("a runtime");
        let (responses, publications): (usize, i32) = (40, 40);
        let frames = runtime.block_on(async move {
            let (stdout, mut client) = tokio::io::duplex(1 << 12);
            let (mut framework, outbox, writer) = output(stdout);
            let reader = tokio::spawn(async move {
                let mut reader = BufReader::new(&mut client);
                let mut frames = Vec::new();
                while let Ok(Some(Frame::Body(body))) = read_frame(&mut reader, usize::MAX).await {
                    frames.push(serde_json::from_slice::<Value>(&body).expect("a whole JSON body"));
                }
                frames
            });
            let framework = tokio::spawn(async move {
                for id in 0..responses {
                    // Up to ~300 KB, written in pieces so the writer sees partial frames.
                    let body =
                        json!({"jsonrpc": "2.0", "id": id, "result": "应".repeat(id * 2500)})
                            .to_string();
                    let frame = format!("Content-Length: {}\r\n\r\n{body}", body.len());
                    for piece in frame.as_bytes().chunks(7919) {
                        framework.write_all(piece).await.expect("the pipe is read");
                        tokio::task::yield_now().await;
                    }
                }
                framework
            });
            let uri: Uri = "file:///w/report.nianbao".parse().expect("a URI");
            let diagnostics =
                vec![Diagnostic::new_simple(Range::default(), "表格重复".into()); 1500];
            for version in 0..publications {
                let params =
                    PublishDiagnosticsParams::new(uri.clone(), diagnostics.clone(), Some(version));
                outbox.notify::<PublishDiagnostics>(&params, 0).await;
            }
            // Our publications are queued; the framework's output ends after its last frame.
            let mut framework = framework.await.expect("the framework's writes");
            framework.shutdown().await.expect("the pipe closes");
            drop(framework);
            writer.await.expect("the writer ends");
            reader.await.expect("the frames")
        });
        let ids: Vec<u64> = frames.iter().filter_map(|f| f["id"].as_u64()).collect();
        assert_eq!(ids, (0..responses as u64).collect::<Vec<_>>());
        let versions: Vec<i64> = frames
            .iter()
            .filter(|f| f["method"] == "textDocument/publishDiagnostics")
            .map(|f| f["params"]["version"].as_i64().unwrap_or(-1))
            .collect();
        assert_eq!(versions, (0..i64::from(publications)).collect::<Vec<_>>());
        let first = frames
            .iter()
            .find(|f| f.get("method").is_some())
            .expect("a publication");
        assert_eq!(first["jsonrpc"], "2.0");
        assert_eq!(first["params"]["uri"], "file:///w/report.nianbao");
        assert_eq!(
            first["params"]["diagnostics"].as_array().map(Vec::len),
            Some(1500)
        );
    }
}
