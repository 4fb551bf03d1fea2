package atenet.tok;

import picocli.CommandLine.Command;

/** {@code tok nodes}: group of node verbs. */
@Command(name = "nodes", description = "Add (enrolment token), list or remove nodes.",
        subcommands = {NodesAddCommand.class, NodesListCommand.class, NodesRemoveCommand.class})
final class NodesCommand extends GroupCommand {
}
