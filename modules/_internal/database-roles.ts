// PostgreSQL roles the migrations give the application: quoting and the grant SQL.

/** A PostgreSQL identifier in double quotes (case kept, `"` doubled). */
export function quoteIdentifier(name: string): string {
  return `"${name.replace(/"/g, '""')}"`;
}

/** A PostgreSQL string literal (`'` doubled). */
export function quoteLiteral(value: string): string {
  return `'${value.replace(/'/g, "''")}'`;
}

/**
 * The SQL that gives the application its login role, one PL/pgSQL DO block that applies whole or
 * not at all: the role is created if missing (LOGIN, no password: IAM database authentication
 * through `rds_iam`), with the rights to read and write the data in `public` and nothing more. It
 * owns nothing, creates nothing, and the block stops if the role already holds more than that or
 * is the user running it. The default privileges of that (migrating) user cover what later
 * migrations create between runs. `closing` lines (indented statements and comments) go at the
 * end of the block: a pipeline's own restrictions, such as its migration tool's record tables.
 * Run it after every migration, so the tables a migration has just created are granted too.
 */
export function applicationRoleSql(role: string, closing: readonly string[] = []): string {
  const id = quoteIdentifier(role);
  return [
    "DO $do$",
    "DECLARE",
    `  app CONSTANT name := ${quoteLiteral(role)};`,
    "BEGIN",
    "  IF app = current_user THEN",
    "    RAISE EXCEPTION 'The application role % is the user running the migrations: give the application a role of its own (applicationUsername)', app;",
    "  END IF;",
    "  IF NOT EXISTS (SELECT 1 FROM pg_catalog.pg_roles WHERE rolname = app) THEN",
    `    CREATE ROLE ${id} LOGIN;`,
    "  ELSIF EXISTS (SELECT 1 FROM pg_catalog.pg_roles WHERE rolname = app AND (rolsuper OR rolcreaterole OR rolcreatedb OR rolreplication OR rolbypassrls)) THEN",
    "    RAISE EXCEPTION 'The application role % holds more than data rights (rolsuper, rolcreaterole, rolcreatedb, rolreplication or rolbypassrls): take them away by hand; the migrations only grant', app;",
    "  ELSE",
    `    ALTER ROLE ${id} LOGIN;`,
    "  END IF;",
    `  GRANT rds_iam TO ${id};`,
    "  EXECUTE format('GRANT CONNECT ON DATABASE %I TO %I', current_database(), app);",
    `  GRANT USAGE ON SCHEMA public TO ${id};`,
    `  GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA public TO ${id};`,
    `  GRANT USAGE, SELECT, UPDATE ON ALL SEQUENCES IN SCHEMA public TO ${id};`,
    "  -- What the migrating user (current_user) creates from now on is granted as it is created.",
    `  ALTER DEFAULT PRIVILEGES IN SCHEMA public GRANT SELECT, INSERT, UPDATE, DELETE ON TABLES TO ${id};`,
    `  ALTER DEFAULT PRIVILEGES IN SCHEMA public GRANT USAGE, SELECT, UPDATE ON SEQUENCES TO ${id};`,
    ...closing,
    "END",
    "$do$;",
  ].join("\n");
}
