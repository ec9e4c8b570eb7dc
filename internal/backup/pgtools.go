package backup

import (
	"bytes"
	"context"
	"fmt"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
)

// pgTool finds PostgreSQL's name (pg_dump, pg_restore) as
// deploy/dev/postgres.sh finds the server: bindir (KLIENT_PG_BINDIR),
// pg_config's directory, the newest /usr/lib/postgresql/*/bin (a dump tool
// must be at least as new as the server), then PATH.
func pgTool(bindir, name string) (string, error) {
	var dirs []string
	if bindir != "" {
		dirs = append(dirs, bindir)
	}
	if out, err := exec.Command("pg_config", "--bindir").Output(); err == nil {
		dirs = append(dirs, strings.TrimSpace(string(out)))
	}
	dirs = append(dirs, debianBindirs()...)
	for _, d := range dirs {
		if p := filepath.Join(d, name); isExecutable(p) {
			return p, nil
		}
	}
	if p, err := exec.LookPath(name); err == nil {
		return p, nil
	}
	return "", fmt.Errorf("%s not found: install the PostgreSQL client tools (Debian: postgresql-client) or set KLIENT_PG_BINDIR", name)
}

// debianBindirs lists /usr/lib/postgresql/<version>/bin, newest first.
func debianBindirs() []string {
	dirs, _ := filepath.Glob("/usr/lib/postgresql/*/bin")
	version := func(d string) int {
		n, _ := strconv.Atoi(filepath.Base(filepath.Dir(d)))
		return n
	}
	sort.Slice(dirs, func(i, j int) bool { return version(dirs[i]) > version(dirs[j]) })
	return dirs
}

func isExecutable(p string) bool {
	fi, err := os.Stat(p)
	return err == nil && !fi.IsDir() && fi.Mode()&0o111 != 0
}

// runPGTool runs tool (found by pgTool in bindir) against the database at
// dbURL, or on files alone when dbURL is empty. The password goes in
// PGPASSWORD, not on the command line, where any local user could read it.
func runPGTool(ctx context.Context, bindir, tool, dbURL string, args ...string) (string, error) {
	path, err := pgTool(bindir, tool)
	if err != nil {
		return "", err
	}
	env := os.Environ()
	if dbURL != "" {
		u, err := url.Parse(dbURL)
		if err != nil {
			return "", fmt.Errorf("%s: the database URL does not parse", tool)
		}
		args = append(args, "--dbname="+withoutPassword(u))
		if pw, ok := u.User.Password(); ok {
			env = append(env, "PGPASSWORD="+pw)
		}
	}
	cmd := exec.CommandContext(ctx, path, args...)
	cmd.Env = env
	var stdout, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	if err := cmd.Run(); err != nil {
		return "", fmt.Errorf("%s failed (%v): %s", tool, err, lastOutputLine(stderr.String()))
	}
	return stdout.String(), nil
}

func withoutPassword(u *url.URL) string {
	c := *u
	if c.User != nil {
		c.User = url.User(c.User.Username())
	}
	return c.String()
}

// lastOutputLine is what a failed tool said last: its last "error:" line
// where it has one (pg_dump ends with a "detail: Command was: COPY …"
// that hides why, a connection lost), else its last line.
func lastOutputLine(s string) string {
	lines := strings.Split(strings.TrimSpace(s), "\n")
	for i := len(lines) - 1; i >= 0; i-- {
		if strings.Contains(lines[i], "error:") {
			return lines[i]
		}
	}
	return lines[len(lines)-1]
}

// toolVersion is `tool --version`, e.g. "pg_dump (PostgreSQL) 16.4".
func toolVersion(bindir, tool string) string {
	path, err := pgTool(bindir, tool)
	if err != nil {
		return ""
	}
	out, _ := exec.Command(path, "--version").Output()
	return strings.TrimSpace(string(out))
}
