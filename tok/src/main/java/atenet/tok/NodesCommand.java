package atenet.tok;

import picocli.CommandLine.Command;

/** {@code tok nodes}: group of node verbs. */
@Command(name = "nodes", description = "List or remove enrolled nodes.",
        subcommands = {NodesListCommand.class, NodesRemoveCommand.class})
final class NodesCommand extends GroupCommand {
}
