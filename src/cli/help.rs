//! The text after each subcommand's `--help`: examples first, then the exit codes that
//! subcommand can return (the codes are the constants of `crate::exit`).

/// `rosterwire --help`.
pub(crate) const ROOT: &str = "Examples:
  rosterwire serve --port 4010                  # the mock of all three vendors
  rosterwire check                              # every scenario against the built-in mock
  rosterwire check --target http://localhost:4010 --report junit=check.xml

Exit codes:
  0  success: every check passed, or the command did what it was asked
  1  a check failed (assertion, contract violation, snapshot mismatch, drift, restore)
  2  bad usage, or a file that cannot be read or parsed
  3  the target could not be reached
Every subcommand's --help lists its own examples and exit codes.";

/// `rosterwire check --help`.
pub(crate) const CHECK: &str = "Examples:
  rosterwire check                                      # the built-in mock, on a free port
  rosterwire check --fidelity observed --vendor chatwoot
  rosterwire check --targets staging.toml --target staging --read-only --rate-limit 5
  rosterwire check --report junit=check.xml --report json=-   # the JSON report on stdout

Exit codes:
  0  every check passed
  1  a check failed (assertion, contract violation, snapshot mismatch, drift, interrupted
     run, membership not saved or not restored exactly)
  2  bad usage, or a scenario/contract/targets file that cannot be read or parsed
  3  the target could not be reached";

/// `rosterwire serve --help`.
pub(crate) const SERVE: &str = "Examples:
  rosterwire serve                                      # 127.0.0.1:4010, documented profile
  rosterwire serve --port 0 --fidelity chatwoot=observed --world my-world.json
  rosterwire serve --fault 'chatwoot PATCH */team_members status=500 times=1'

Exit codes:
  0  stopped with Ctrl-C
  2  bad usage, a world file that cannot be read or parsed, or the port cannot be bound";

/// `rosterwire proxy --help`.
pub(crate) const PROXY: &str = "Examples:
  rosterwire proxy --upstream chatwoot=https://chatwoot.example.com --upstream rocketchat=https://chat.example.com
  rosterwire proxy --targets staging.toml --target staging --port 0 --report json
  rosterwire proxy --upstream http://127.0.0.1:4010          # one upstream for every vendor
  curl -s http://127.0.0.1:4011/__admin/drift                # the live drift table

Exit codes:
  0  stopped with Ctrl-C or SIGTERM (the drift table is printed on stdout)
  2  bad usage, a targets file or contracts that cannot be read, or the port cannot be bound";

/// `rosterwire clean --help`.
pub(crate) const CLEAN: &str = "Examples:
  rosterwire clean --targets staging.toml --target staging --dry-run
  rosterwire clean --targets staging.toml --target staging

Exit codes:
  0  every leftover `rosterwire-*` group was deleted (or there was none)
  1  a group could not be deleted
  2  bad usage, or a targets file that cannot be read or parsed
  3  the target could not be reached";

/// `rosterwire contracts --help` and its subcommands.
pub(crate) const CONTRACTS: &str = "Examples:
  rosterwire contracts derive --check                   # fail if contracts/ is stale
  rosterwire contracts lint --format json
  rosterwire contracts openapi --profile observed --output openapi.json

Exit codes:
  0  done (derive wrote or found the contracts current; lint found no defect)
  1  `derive --check` found a stale file, or `lint` found a defect in the vendor documents
  2  bad usage, or a vendor document, overlay or contract that cannot be read or parsed";

/// `rosterwire world --help` and its subcommands.
pub(crate) const WORLD: &str = "Examples:
  rosterwire world dump > world.json                    # the seed world, to edit
  rosterwire world check world.json

Exit codes:
  0  printed, or the world is valid
  2  bad usage, or a world file that cannot be read, parsed or validated (with its pointer)";

/// `rosterwire targets --help`.
pub(crate) const TARGETS: &str = "Examples:
  rosterwire targets init --vendor chatwoot --base-url https://chatwoot.example.com --out staging.toml

Exit codes:
  0  the targets file was written
  2  bad usage, or a missing credential
  3  the server could not be read";
