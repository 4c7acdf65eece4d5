"""`orglint server` driven end to end by a real LSP client (pytest-lsp).

Each test copies the folder-layout example org (examples/split) to a
temporary folder and starts the built binary (`ORGLINT_BIN`, else
target/debug/orglint) as a language server over stdio.
"""

import asyncio
import os
import pathlib
import shutil

import pytest
import pytest_lsp
from lsprotocol import types
from pytest_lsp import ClientServerConfig, LanguageClient

ROOT = pathlib.Path(__file__).resolve().parents[2]
BIN = os.environ.get("ORGLINT_BIN", str(ROOT / "target" / "debug" / "orglint"))


@pytest_lsp.fixture(config=ClientServerConfig(server_command=[BIN, "server"]))
async def client(lsp_client: LanguageClient):
    await lsp_client.initialize_session(
        types.InitializeParams(capabilities=types.ClientCapabilities())
    )
    yield
    await lsp_client.shutdown_session()


@pytest.fixture
def org(tmp_path):
    shutil.copytree(ROOT / "examples" / "split", tmp_path / "split")
    # A repository of its own: no orglint.toml above it is found.
    (tmp_path / ".git").mkdir()
    return tmp_path / "split"


def uri(path: pathlib.Path) -> str:
    return path.resolve().as_uri()


def codes(client, path):
    return sorted(d.code for d in client.diagnostics.get(uri(path), []))


async def until(client, predicate, timeout=20.0):
    """Waits for diagnostics until `predicate()` holds."""
    loop = asyncio.get_running_loop()
    end = loop.time() + timeout
    while not predicate():
        left = end - loop.time()
        if left <= 0:
            raise AssertionError(f"timed out; diagnostics: {client.diagnostics}")
        try:
            await asyncio.wait_for(
                client.wait_for_notification("textDocument/publishDiagnostics"), left
            )
        except asyncio.TimeoutError:
            pass


def open_doc(client, path, text=None):
    client.text_document_did_open(
        types.DidOpenTextDocumentParams(
            text_document=types.TextDocumentItem(
                uri=uri(path),
                language_id="toml",
                version=1,
                text=path.read_text() if text is None else text,
            )
        )
    )


def replace_all(client, path, text, version=2):
    client.text_document_did_change(
        types.DidChangeTextDocumentParams(
            text_document=types.VersionedTextDocumentIdentifier(
                uri=uri(path), version=version
            ),
            content_changes=[types.TextDocumentContentChangeWholeDocument(text=text)],
        )
    )


def position_of(path, needle, offset=0):
    for n, line in enumerate(path.read_text().splitlines()):
        at = line.find(needle)
        if at >= 0:
            return types.Position(line=n, character=at + offset)
    raise AssertionError(f"{needle!r} not in {path}")


@pytest.mark.asyncio
async def test_open_publishes_diagnostics_in_every_file_of_the_org(client, org):
    open_doc(client, org / "org.toml")
    linus = org / "people" / "linus.toml"
    await until(client, lambda: "unknown-reference" in codes(client, linus))
    assert "reporting-cycle" in codes(client, org / "people" / "omar.toml")
    unknown = client.diagnostics[uri(linus)][0]
    assert unknown.severity == types.DiagnosticSeverity.Error
    assert unknown.range.start == types.Position(line=4, character=13)
    assert unknown.code_description.href == (
        "https://github.com/orglint/orglint/blob/main/rules/structure/unknown-reference.toml"
    )
    assert "did you mean `grace`?" in unknown.message
    # The label in another file is related information.
    omar = client.diagnostics[uri(org / "people" / "omar.toml")][0]
    related = [r.location.uri for r in omar.related_information or []]
    assert uri(org / "people" / "sam.toml") in related


@pytest.mark.asyncio
async def test_an_edit_updates_the_diagnostics_of_the_unsaved_text(client, org):
    linus = org / "people" / "linus.toml"
    open_doc(client, linus)
    await until(client, lambda: "unknown-reference" in codes(client, linus))
    replace_all(client, linus, linus.read_text().replace('"grase"', '"grace"'))
    await until(client, lambda: "unknown-reference" not in codes(client, linus))
    # The file on disk is unchanged: the server linted the editor's text.
    assert '"grase"' in linus.read_text()
    # Invalid TOML mid-edit: its syntax error, in the file being edited.
    replace_all(client, linus, "[people.linus\n", version=3)
    await until(client, lambda: "toml-syntax" in codes(client, linus))


@pytest.mark.asyncio
async def test_definition_jumps_to_the_person_in_another_file(client, org):
    platform = org / "teams" / "platform.toml"
    open_doc(client, platform)
    await until(client, lambda: uri(org / "org.toml") in client.diagnostics)
    result = await client.text_document_definition_async(
        types.DefinitionParams(
            text_document=types.TextDocumentIdentifier(uri=uri(platform)),
            position=position_of(platform, '"ada"', 2),
        )
    )
    location = result[0] if isinstance(result, list) else result
    assert location.uri == uri(org / "people" / "ada.toml")
    assert location.range.start == types.Position(line=0, character=0)


@pytest.mark.asyncio
async def test_hover_shows_the_person(client, org):
    platform = org / "teams" / "platform.toml"
    open_doc(client, platform)
    await until(client, lambda: uri(org / "org.toml") in client.diagnostics)
    hover = await client.text_document_hover_async(
        types.HoverParams(
            text_document=types.TextDocumentIdentifier(uri=uri(platform)),
            position=position_of(platform, '"ada"', 1),
        )
    )
    text = hover.contents.value
    assert "**Ada Lovelace** (`ada`)" in text
    assert "title: VP Engineering" in text
    assert "reports to: Priya" in text
    assert "direct reports (1): Grace" in text


@pytest.mark.asyncio
async def test_completion_offers_ids(client, org):
    ada = org / "people" / "ada.toml"
    text = ada.read_text().replace('reports-to = "priya"', 'reports-to = "pr')
    open_doc(client, ada)
    await until(client, lambda: uri(ada) in client.diagnostics)
    # Typing makes the file invalid TOML: the last valid org still serves.
    replace_all(client, ada, text)
    await until(client, lambda: "toml-syntax" in codes(client, ada))
    line = text.splitlines().index('reports-to = "pr')
    result = await client.text_document_completion_async(
        types.CompletionParams(
            text_document=types.TextDocumentIdentifier(uri=uri(ada)),
            position=types.Position(line=line, character=len('reports-to = "pr')),
        )
    )
    items = result if isinstance(result, list) else result.items
    labels = [i.label for i in items]
    assert "priya" in labels and "nora" in labels
    priya = next(i for i in items if i.label == "priya")
    assert priya.text_edit.new_text == "priya"
    assert priya.text_edit.range.start.character == len('reports-to = "')


@pytest.mark.asyncio
async def test_a_code_action_fix_applied_clears_the_diagnostic(client, org):
    linus = org / "people" / "linus.toml"
    open_doc(client, linus)
    await until(client, lambda: "unknown-reference" in codes(client, linus))
    diagnostic = client.diagnostics[uri(linus)][0]
    actions = await client.text_document_code_action_async(
        types.CodeActionParams(
            text_document=types.TextDocumentIdentifier(uri=uri(linus)),
            range=diagnostic.range,
            context=types.CodeActionContext(diagnostics=[diagnostic]),
        )
    )
    titles = [a.title for a in actions]
    # `unknown-reference` is locked: it cannot be suppressed.
    assert not any(t.startswith("Suppress") for t in titles)
    fix = next(a for a in actions if a.title.startswith("Fix (unsafe):"))
    (edit,) = fix.edit.changes[uri(linus)]
    assert edit.new_text == '"grace"'
    lines = linus.read_text().splitlines(keepends=True)
    line = lines[edit.range.start.line]
    lines[edit.range.start.line] = (
        line[: edit.range.start.character] + edit.new_text + line[edit.range.end.character :]
    )
    replace_all(client, linus, "".join(lines))
    await until(client, lambda: "unknown-reference" not in codes(client, linus))


@pytest.mark.asyncio
async def test_rename_updates_every_file(client, org):
    ada = org / "people" / "ada.toml"
    open_doc(client, ada)
    await until(client, lambda: uri(ada) in client.diagnostics)
    edit = await client.text_document_rename_async(
        types.RenameParams(
            text_document=types.TextDocumentIdentifier(uri=uri(ada)),
            position=position_of(ada, "ada]", 1),
            new_name="ada-l",
        )
    )
    changes = {u: [e.new_text for e in edits] for u, edits in edit.changes.items()}
    assert changes == {
        uri(ada): ["ada-l"],
        uri(org / "people" / "grace.toml"): ['"ada-l"'],
        uri(org / "teams" / "platform.toml"): ['"ada-l"'],
    }


@pytest.mark.asyncio
async def test_a_broken_config_shows_its_error_in_the_config_file(client, org):
    config = org / "orglint.toml"
    config.write_text("[rules]\nno-such-rule = \"off\"\n")
    open_doc(client, org / "org.toml")
    await until(client, lambda: "config-error" in codes(client, config))
    assert codes(client, org / "org.toml") == ["config-error"]
    # Fixed in the editor, unsaved: the org is linted again.
    open_doc(client, config, "")
    await until(client, lambda: codes(client, config) == [])
    await until(client, lambda: "unknown-reference" in codes(client, org / "people" / "linus.toml"))


@pytest.mark.asyncio
async def test_unknown_documents_and_positions_past_the_end(client, org):
    hover = await client.text_document_hover_async(
        types.HoverParams(
            text_document=types.TextDocumentIdentifier(uri=uri(org / "nowhere.toml")),
            position=types.Position(line=999, character=999),
        )
    )
    assert hover is None
    open_doc(client, org / "org.toml")
    await until(client, lambda: uri(org / "org.toml") in client.diagnostics)
    definition = await client.text_document_definition_async(
        types.DefinitionParams(
            text_document=types.TextDocumentIdentifier(uri=uri(org / "org.toml")),
            position=types.Position(line=10_000, character=10_000),
        )
    )
    assert definition is None
