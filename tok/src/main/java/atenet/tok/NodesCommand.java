package atenet.tok;

import picocli.CommandLine.Command;

/** {@code tok nodes}: group of node verbs. */
@Command(name = "nodes", description = "List enrolled nodes.", subcommands = {NodesListCommand.class})
final class NodesCommand extends GroupCommand {
}
