package main

import (
	"os/exec"
	"strings"
	"testing"
)

// runStdin runs a subcommand with stdin.
func (in *instance) runStdin(stdin string, args ...string) (string, string, int) {
	in.t.Helper()
	cmd := exec.Command(in.bin, args...)
	cmd.Env = in.env
	cmd.Stdin = strings.NewReader(stdin)
	var out, errOut strings.Builder
	cmd.Stdout, cmd.Stderr = &out, &errOut
	err := cmd.Run()
	code := 0
	if ee, ok := err.(*exec.ExitError); ok {
		code = ee.ExitCode()
	} else if err != nil {
		in.t.Fatal(err)
	}
	return out.String(), errOut.String(), code
}

func TestUsersCreate(t *testing.T) {
	t.Parallel()
	in := newInstance(t)
	out, errOut, code := in.run("users", "create", "--email", "Chef@Byra.example", "--name", "Eva Chef", "--role", "admin")
	if code != 0 || !strings.Contains(out, "password (shown once") {
		t.Fatalf("create admin with a generated password: exit %d\n%s%s", code, out, errOut)
	}
	out, errOut, code = in.runStdin("ett-langt-losenord-2026\n", "users", "create", "--email", "jur@byra.example",
		"--name", "Jon Jurist", "--role", "lawyer", "--role", "dpo", "--team", "arbetsratt", "--password-stdin")
	if code != 0 || strings.Contains(out, "password (shown once") {
		t.Fatalf("create lawyer with a password from stdin: exit %d\n%s%s", code, out, errOut)
	}
	refusals := map[string][]string{
		"same e-mail again": {"users", "create", "--email", "chef@byra.example", "--name", "Eva Igen", "--role", "admin"},
		"unknown role":      {"users", "create", "--email", "x@byra.example", "--name", "X Y", "--role", "boss"},
		"no role":           {"users", "create", "--email", "x@byra.example", "--name", "X Y"},
		"bad e-mail":        {"users", "create", "--email", "not-an-address", "--name", "X Y", "--role", "lawyer"},
		"no subcommand":     {"users"},
	}
	for name, args := range refusals {
		if _, errOut, code := in.run(args...); code == 0 || !strings.HasPrefix(lastLine(errOut), "klient: ") {
			t.Errorf("%s: exit %d, stderr %q", name, code, errOut)
		}
	}
	if _, errOut, code := in.runStdin("kort\n", "users", "create", "--email", "kort@byra.example", "--name", "K K",
		"--role", "lawyer", "--password-stdin"); code == 0 || !strings.Contains(errOut, "Lösenordet") {
		t.Errorf("short password: exit %d, stderr %q", code, errOut)
	}
	// Nothing of the refused accounts was written: the log holds exactly the
	// two registrations.
	if n := countEvents(t, in, "access.StaffMemberRegistered"); n != 2 {
		t.Errorf("staff registrations in the log: %d, want 2", n)
	}
}

// lastLine is what a person reads last on stderr: the one-line reason.
func lastLine(s string) string {
	lines := strings.Split(strings.TrimSpace(s), "\n")
	return lines[len(lines)-1]
}
