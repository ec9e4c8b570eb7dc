package main

import (
	"bufio"
	"context"
	"crypto/rand"
	"encoding/base64"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"strings"
	"time"

	"github.com/klient-crm/klient/commands/journal"
	staffcmd "github.com/klient-crm/klient/commands/staff"
	"github.com/klient-crm/klient/crypto/credentials"
	"github.com/klient-crm/klient/domain/access"
)

// cliActor authors what an operator does from the command line.
var cliActor = journal.Actor{ID: "system-cli", CorrelationID: "cli"}

// newStaff is one `klient users create`.
type newStaff struct {
	email, name   string
	roles, teams  listFlag
	passwordStdin bool
}

// runUsers: `klient users create --email … --name … --role admin`. The
// password is read from stdin (--password-stdin) or generated and printed
// once.
func runUsers(ctx context.Context, args []string, stdout io.Writer) error {
	if len(args) == 0 || args[0] != "create" {
		return errors.New("usage: klient users create --email E --name N --role R [--role R] [--team T] [--password-stdin]")
	}
	var ns newStaff
	cfg, _, err := parseConfig("users create", args[1:], stdout, ns.flags)
	if err != nil {
		return err
	}
	roles, password, err := ns.check(os.Stdin)
	if err != nil {
		return err
	}
	a, err := openApp(ctx, cfg)
	if err != nil {
		return err
	}
	defer a.Close()
	return a.withProjectors(ctx, func(ctx context.Context) error {
		return a.createStaff(ctx, ns, roles, password, stdout)
	})
}

func (ns *newStaff) flags(fs *flag.FlagSet) {
	fs.StringVar(&ns.email, "email", "", "sign-in e-mail address (required)")
	fs.StringVar(&ns.name, "name", "", "full name (required)")
	fs.Var(&ns.roles, "role", "role, repeatable: "+roleNames())
	fs.Var(&ns.teams, "team", "team name, repeatable")
	fs.BoolVar(&ns.passwordStdin, "password-stdin", false, "read the password from the first line of stdin instead of generating one")
}

// check validates what needs no database, so bad input writes nothing.
func (ns *newStaff) check(stdin io.Reader) ([]access.Role, string, error) {
	if ns.email == "" || ns.name == "" || len(ns.roles) == 0 {
		return nil, "", errors.New("users create needs --email, --name and at least one --role")
	}
	var roles []access.Role
	for _, r := range ns.roles {
		role, err := access.ParseRole(r)
		if err != nil {
			return nil, "", fmt.Errorf("%v; roles are %s", err, roleNames())
		}
		roles = append(roles, role)
	}
	if !ns.passwordStdin {
		return roles, generatePassword(), nil
	}
	line, err := bufio.NewReader(stdin).ReadString('\n')
	if err != nil && line == "" {
		return nil, "", errors.New("no password on stdin")
	}
	return roles, strings.TrimRight(line, "\r\n"), nil
}

func (a *app) createStaff(ctx context.Context, ns newStaff, roles []access.Role, password string, stdout io.Writer) error {
	if err := credentials.CheckPassword(password); err != nil {
		return fmt.Errorf("password: %w", err)
	}
	id, err := a.registerStaff(ctx, access.StaffDetails{Name: ns.name, Email: ns.email}, roles, ns.teams)
	if err != nil {
		return err
	}
	if err := a.secrets.SetPassword(ctx, id, password); err != nil {
		return err
	}
	fmt.Fprintf(stdout, "created staff member %s with roles %v\n", id, ns.roles)
	if !ns.passwordStdin {
		fmt.Fprintf(stdout, "password (shown once, change it after signing in): %s\n", password)
	}
	return nil
}

// registerStaff registers a member from the command line and returns
// their ID once the staff read model holds them: registration checks the
// e-mail against it, and sign-in and tokens read it.
func (a *app) registerStaff(ctx context.Context, d access.StaffDetails, roles []access.Role, teams []string) (string, error) {
	if err := a.catchUp(ctx, "staff"); err != nil {
		return "", err
	}
	h, err := staffcmd.NewRegisterStaffMemberHandler(a.staff)
	if err != nil {
		return "", err
	}
	res, err := h.Handle(ctx, staffcmd.RegisterStaffMember{Actor: cliActor, Details: d, Roles: roles, Teams: teams})
	if err != nil {
		return "", err
	}
	ctx, cancel := context.WithTimeout(ctx, 60*time.Second)
	defer cancel()
	return res.StaffID, a.runtime.WaitFor(ctx, "staff", res.Position)
}

func generatePassword() string {
	b := make([]byte, 18)
	_, _ = rand.Read(b)
	return base64.RawURLEncoding.EncodeToString(b)
}

func roleNames() string {
	names := make([]string, len(access.Roles))
	for i, r := range access.Roles {
		names[i] = string(r)
	}
	return strings.Join(names, ", ")
}

// listFlag collects a repeatable flag.
type listFlag []string

func (l *listFlag) String() string     { return strings.Join(*l, ",") }
func (l *listFlag) Set(v string) error { *l = append(*l, v); return nil }
