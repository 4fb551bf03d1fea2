package atenet.tok;

import picocli.CommandLine.Command;

/** {@code tok keys}: group of access key verbs. */
@Command(name = "keys", description = "Issue, list and revoke access keys.",
        subcommands = {KeysIssueCommand.class, KeysListCommand.class, KeysRevokeCommand.class})
final class KeysCommand extends GroupCommand {
}
