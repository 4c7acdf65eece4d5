//! `orglint server`: a language server over standard input and output.
//!
//! It lints with the same linter, configuration discovery and suppressions
//! as `orglint check`, from the editor's unsaved text ([`state`], [`files`],
//! [`diagnostics`], [`convert`]), and answers navigation ([`navigate`],
//! [`hover`]) and editing ([`complete`], [`edit`]) requests from the model
//! of the org's last valid text; [`dispatch`] routes each message by method,
//! [`position`] converts positions and URIs.
//!
//! Synchronous on purpose: one thread reads messages into a queue, the
//! main thread handles them in order. Changes that arrive while an org is
//! being linted are handled together before the next lint, so a burst of
//! keystrokes costs one lint, and the first change is linted at once.

pub mod complete;
pub mod convert;
pub mod diagnostics;
pub mod dispatch;
pub mod edit;
pub mod files;
pub mod hover;
pub mod navigate;
pub mod position;
pub mod state;
#[cfg(test)]
mod tests;
#[cfg(test)]
mod tests_edit;

use std::io::Write;
use std::sync::mpsc;

use lsp_server::{ErrorCode, Message, Notification, Request, RequestId, Response};
use lsp_types::{
    CodeActionKind, CodeActionOptions, CodeActionProviderCapability, CompletionOptions,
    ExecuteCommandOptions, HoverProviderCapability, OneOf, RenameOptions, SaveOptions,
    ServerCapabilities, ServerInfo, TextDocumentSyncCapability, TextDocumentSyncKind,
    TextDocumentSyncOptions, TextDocumentSyncSaveOptions,
};
use serde_json::Value;

pub use state::State;

use crate::run::ConfigChoice;

/// Serves until `exit` or the end of standard input; returns the exit
/// code: 0, or 1 for `exit` without `shutdown` first (as the protocol
/// says).
pub fn run(choice: ConfigChoice) -> u8 {
    let (sender, receiver) = mpsc::channel();
    // The reader stops at the end of input, which ends the loop below.
    let reader = std::thread::Builder::new()
        .name("orglint-server-reader".to_owned())
        .spawn(move || {
            let stdin = std::io::stdin();
            let mut input = stdin.lock();
            while let Ok(Some(message)) = Message::read(&mut input) {
                if sender.send(message).is_err() {
                    break;
                }
            }
        });
    if let Err(err) = reader {
        eprintln!("orglint server: cannot start: {err}");
        return 2;
    }
    let mut server = Server {
        state: State::new(choice),
        initialized: false,
        shutdown: false,
        watch: false,
        output: Box::new(std::io::stdout()),
    };
    server.serve(&receiver)
}

/// The server: its state and where its messages go.
pub struct Server {
    /// Documents, orgs, linters.
    pub state: State,
    initialized: bool,
    shutdown: bool,
    /// The client can be asked to report changes of files on disk.
    watch: bool,
    output: Box<dyn Write>,
}

impl Server {
    /// A server that writes its messages to `output` (tests, benchmarks).
    pub fn new(choice: ConfigChoice, output: Box<dyn Write>) -> Server {
        Server {
            state: State::new(choice),
            initialized: false,
            shutdown: false,
            watch: false,
            output,
        }
    }

    /// Handles messages until `exit` or the end of the queue.
    pub fn serve(&mut self, receiver: &mpsc::Receiver<Message>) -> u8 {
        while let Ok(first) = receiver.recv() {
            // What arrived while the last message was handled is handled
            // together: one lint for a burst of changes.
            let mut batch = vec![first];
            batch.extend(receiver.try_iter());
            for message in batch {
                if let Some(code) = self.handle(message) {
                    return code;
                }
            }
            self.flush();
        }
        0
    }

    /// Handles one message; `Some` exit code on `exit`.
    pub fn handle(&mut self, message: Message) -> Option<u8> {
        match message {
            Message::Request(request) => {
                let id = request.id.clone();
                let answer = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
                    self.request(request)
                }));
                let response = answer.unwrap_or_else(|_| {
                    Response::new_err(
                        id,
                        ErrorCode::InternalError as i32,
                        "orglint: internal error (a bug: please report it)".to_owned(),
                    )
                });
                self.send(Message::Response(response));
                None
            }
            Message::Notification(n) if n.method == "exit" => Some(u8::from(!self.shutdown)),
            Message::Notification(n) => {
                let _ =
                    std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| self.notification(n)));
                None
            }
            Message::Response(_) => None,
        }
    }

    /// Lints what changed and publishes the diagnostics.
    pub fn flush(&mut self) {
        for params in diagnostics::flush(&mut self.state) {
            self.notify("textDocument/publishDiagnostics", params);
        }
    }

    fn send(&mut self, message: Message) {
        // A client that went away is noticed by the reader.
        let _ = message.write(&mut self.output);
        let _ = self.output.flush();
    }

    fn notify(&mut self, method: &str, params: impl serde::Serialize) {
        self.send(Message::Notification(Notification::new(
            method.to_owned(),
            params,
        )));
    }

    fn request(&mut self, request: Request) -> Response {
        let Request { id, method, params } = request;
        if method == "initialize" {
            self.initialized = true;
            self.watch = params
                .pointer("/capabilities/workspace/didChangeWatchedFiles/dynamicRegistration")
                .and_then(Value::as_bool)
                .unwrap_or(false);
            return Response::new_ok(id, initialize_result());
        }
        if !self.initialized {
            return error(id, ErrorCode::ServerNotInitialized, "not initialized");
        }
        if self.shutdown {
            return error(id, ErrorCode::InvalidRequest, "shutting down");
        }
        if method == "shutdown" {
            self.shutdown = true;
            return Response::new_ok(id, Value::Null);
        }
        // Answers are about the text as it is now.
        self.flush();
        match dispatch::handle_request(&mut self.state, &method, params) {
            Ok(result) => Response::new_ok(id, result),
            Err((code, message)) => error(id, code, &message),
        }
    }

    fn notification(&mut self, n: Notification) {
        match n.method.as_str() {
            "initialized" if self.watch => self.watch_files(),
            _ => {
                let cleared = dispatch::handle_notification(&mut self.state, &n.method, n.params);
                for params in cleared {
                    self.notify("textDocument/publishDiagnostics", params);
                }
            }
        }
    }

    /// Asks the client to report changes of files on disk, which it may
    /// or may not do: nothing depends on it.
    fn watch_files(&mut self) {
        let watchers: Vec<Value> = ["**/*.toml", "**/*.json"]
            .iter()
            .map(|glob| serde_json::json!({ "globPattern": glob }))
            .collect();
        let params = serde_json::json!({ "registrations": [{
            "id": "orglint-watch",
            "method": "workspace/didChangeWatchedFiles",
            "registerOptions": { "watchers": watchers },
        }]});
        self.send(Message::Request(Request::new(
            RequestId::from("orglint-watch".to_owned()),
            "client/registerCapability".to_owned(),
            params,
        )));
    }
}

fn error(id: RequestId, code: ErrorCode, message: &str) -> Response {
    Response::new_err(id, code as i32, message.to_owned())
}

/// What the server can do.
pub fn initialize_result() -> Value {
    let capabilities = ServerCapabilities {
        text_document_sync: Some(TextDocumentSyncCapability::Options(
            TextDocumentSyncOptions {
                open_close: Some(true),
                change: Some(TextDocumentSyncKind::INCREMENTAL),
                save: Some(TextDocumentSyncSaveOptions::SaveOptions(SaveOptions {
                    include_text: Some(false),
                })),
                ..Default::default()
            },
        )),
        definition_provider: Some(OneOf::Left(true)),
        references_provider: Some(OneOf::Left(true)),
        hover_provider: Some(HoverProviderCapability::Simple(true)),
        completion_provider: Some(CompletionOptions {
            trigger_characters: Some(vec!["\"".to_owned(), "(".to_owned(), ",".to_owned()]),
            ..Default::default()
        }),
        code_action_provider: Some(CodeActionProviderCapability::Options(CodeActionOptions {
            code_action_kinds: Some(vec![CodeActionKind::QUICKFIX]),
            ..Default::default()
        })),
        rename_provider: Some(OneOf::Right(RenameOptions {
            prepare_provider: Some(true),
            work_done_progress_options: Default::default(),
        })),
        execute_command_provider: Some(ExecuteCommandOptions {
            commands: vec![edit::ADD_TO_BASELINE.to_owned()],
            ..Default::default()
        }),
        ..Default::default()
    };
    serde_json::json!({
        "capabilities": capabilities,
        "serverInfo": ServerInfo {
            name: "orglint".to_owned(),
            version: Some(env!("CARGO_PKG_VERSION").to_owned()),
        },
    })
}
