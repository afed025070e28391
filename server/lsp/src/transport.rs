//! A guard in front of tower-lsp-server's reader. Its framed reader ends the whole input stream
//! on the first body it cannot decode (tokio-util stops a `FramedRead` after a decoder error), so
//! one malformed message would end the session. This reads the frames itself and passes on
//! only well-formed JSON-RPC messages; anything else becomes a request to
//! `nianbao/invalidMessage`, which the server answers with the JSON-RPC error the client is
//! owed (parse error or invalid request), with the message's id where it had one.

use serde_json::{json, Value};
use tokio::io::{AsyncBufReadExt, AsyncRead, AsyncReadExt, AsyncWriteExt, BufReader, DuplexStream};

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
            let frame = match read_frame(&mut reader).await {
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

async fn read_frame(reader: &mut (impl AsyncBufReadExt + Unpin)) -> std::io::Result<Option<Frame>> {
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
                    Ok(n) if n <= MAX_MESSAGE => length = Some(n),
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
}
