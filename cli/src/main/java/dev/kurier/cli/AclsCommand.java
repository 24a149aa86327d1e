package dev.kurier.cli;

import dev.kurier.client.KurierClient;
import dev.kurier.client.admin.AclBinding;
import dev.kurier.client.admin.AclBindingFilter;
import dev.kurier.client.admin.AclOperation;
import dev.kurier.client.admin.AclPermissionType;
import dev.kurier.client.admin.Admin;
import dev.kurier.client.admin.PatternType;
import dev.kurier.client.admin.ResourceType;
import java.io.PrintStream;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** {@code kurier acls list|add|remove}: ACLs on topics, groups, transactional ids and the cluster. */
final class AclsCommand implements Command {

    private static final Help.Topic HELP = Help.Topic.ACLS;
    private static final List<Option> SELECT = List.of(Option.value("principal", null, "--principal", "User:NAME"),
            Option.value("topic", "-t", "--topic", "TOPIC"), Option.value("group", "-g", "--group", "GROUP"),
            Option.value("transactional-id", null, "--transactional-id", "ID"), Option.flag("cluster", null, "--cluster"),
            Option.flag("prefixed", null, "--prefixed"), Option.value("operation", null, "--operation", "OP"),
            Option.value("host", null, "--host", "HOST"), Option.flag("deny", null, "--deny"));

    private String subcommand;
    private String principal;
    private ResourceType type = ResourceType.ANY;
    private String name;
    private PatternType pattern = PatternType.ANY;
    private AclOperation operation = AclOperation.ANY;
    private String host;
    private AclPermissionType permission = AclPermissionType.ANY;

    @Override
    public void parse(List<String> args, ParsedOptions options) {
        Map<String, List<Option>> subcommands = new java.util.LinkedHashMap<>();
        subcommands.put("list", SELECT);
        subcommands.put("add", SELECT);
        subcommands.put("remove", SELECT);
        subcommand = Kurier.parseSubcommand(args, subcommands, options, HELP);
        if (subcommand == null || options.has("help")) {
            return;
        }
        principal = options.get("principal");
        if (principal != null && !principal.contains(":")) {
            throw new UsageException(HELP, "option --principal needs TYPE:NAME, e.g. User:alice; got '" + principal + "'");
        }
        int resources = 0;
        for (String r : List.of("topic", "group", "transactional-id", "cluster")) {
            if (options.has(r)) {
                resources++;
                type = switch (r) {
                    case "topic" -> ResourceType.TOPIC;
                    case "group" -> ResourceType.GROUP;
                    case "transactional-id" -> ResourceType.TRANSACTIONAL_ID;
                    default -> ResourceType.CLUSTER;
                };
                name = r.equals("cluster") ? "kafka-cluster" : options.get(r);
            }
        }
        if (resources > 1) {
            throw new UsageException(HELP, "give at most one of -t/--topic, -g/--group, --transactional-id, --cluster");
        }
        if (options.has("operation")) {
            String op = options.get("operation").toUpperCase(Locale.ROOT).replace('-', '_');
            try {
                operation = AclOperation.valueOf(op);
            } catch (IllegalArgumentException e) {
                throw new UsageException(HELP, "option --operation: '" + options.get("operation") + "' is not one of "
                        + "READ, WRITE, CREATE, DELETE, ALTER, DESCRIBE, CLUSTER_ACTION, DESCRIBE_CONFIGS, "
                        + "ALTER_CONFIGS, IDEMPOTENT_WRITE, ALL");
            }
        }
        host = options.get("host");
        if (options.has("deny")) {
            permission = AclPermissionType.DENY;
        }
        if (name != null) {
            pattern = options.has("prefixed") ? PatternType.PREFIXED : PatternType.LITERAL;
        }
        if (subcommand.equals("add")) {
            if (principal == null || name == null || operation == AclOperation.ANY) {
                throw new UsageException(HELP, "add needs --principal, a resource (-t, -g, --transactional-id or "
                        + "--cluster) and --operation");
            }
            if (permission == AclPermissionType.ANY) {
                permission = AclPermissionType.ALLOW;
            }
            if (host == null) {
                host = "*";
            }
        }
        if (subcommand.equals("remove") && principal == null && name == null) {
            throw new UsageException(HELP, "remove needs --principal or a resource, so that it cannot remove every ACL "
                    + "by accident");
        }
    }

    @Override
    public Help.Topic help() {
        return HELP;
    }

    @Override
    public int run(Invocation inv) {
        PrintStream out = inv.out();
        try (KurierClient client = KurierClient.create(inv.clientConfig(HELP)); Admin admin = client.admin()) {
            switch (subcommand) {
                case "add" -> {
                    AclBinding acl = new AclBinding(type, name, pattern, principal, host, operation, permission);
                    Futures.await(admin.createAcls(List.of(acl)).all());
                    print(out, List.of(acl));
                }
                case "list" -> print(out, Futures.await(admin.describeAcls(filter())));
                case "remove" -> {
                    AclBindingFilter f = filter();
                    print(out, Futures.await(admin.deleteAcls(List.of(f)).value(f)));
                }
                default -> throw new IllegalStateException("unhandled subcommand " + subcommand);
            }
        }
        out.flush();
        return Kurier.EXIT_OK;
    }

    private AclBindingFilter filter() {
        return new AclBindingFilter(type, name, pattern, principal, host, operation, permission);
    }

    private static void print(PrintStream out, List<AclBinding> acls) {
        out.println("PRINCIPAL\tHOST\tPERMISSION\tOPERATION\tRESOURCE\tPATTERN\tNAME");
        acls.stream().sorted(Comparator.comparing(AclBinding::principal).thenComparing(AclBinding::resourceName)
                        .thenComparing(a -> a.operation().name()))
                .forEach(a -> out.println(a.principal() + "\t" + a.host() + "\t" + a.permission() + "\t" + a.operation()
                        + "\t" + a.resourceType() + "\t" + a.patternType() + "\t" + a.resourceName()));
    }
}
