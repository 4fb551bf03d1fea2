package atenet.tok;

import picocli.CommandLine.Command;

/** {@code tok networks}: group of network verbs. */
@Command(name = "networks", description = "Create and list networks.",
        subcommands = {NetworksCreateCommand.class, NetworksListCommand.class})
final class NetworksCommand extends GroupCommand {
}
