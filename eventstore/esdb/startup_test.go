package esdb_test

import (
	"strings"
	"testing"

	"github.com/klient-crm/klient/eventstore/esdb"
	"github.com/klient-crm/klient/eventstore/esdb/standin"
)

// wantOneLine checks that a start-up refusal is one line that says why and
// does not repeat the password.
func wantOneLine(t *testing.T, err error, says string) {
	t.Helper()
	if err == nil {
		t.Fatalf("connected, want a refusal that says %q", says)
	}
	msg := err.Error()
	if !strings.Contains(msg, says) || strings.Contains(msg, "\n") || strings.Contains(msg, standin.KlientPassword) {
		t.Errorf("refusal %q: want one line saying %q, without the password", msg, says)
	}
}

// A user who may read and write streams but not $all (a secure server's
// default for anyone outside $admins) is refused at start, not left to have
// every projector's subscription refused later.
func TestNewRefusesAUserWhoMayNotReadAll(t *testing.T) {
	srv := standin.New(t, standin.Secure(), standin.AllReaders())
	_, err := esdb.New(ctxFor(t), srv.ConnectionString())
	wantOneLine(t, err, "may not read $all")
	openStore(t, srv.ConnectionStringAs(standin.AdminLogin, standin.AdminPassword)) // $admins may
}

// Naming the user in $all's read ACL is enough (what the README asks for).
func TestNewAcceptsAUserNamedInTheACLOfAll(t *testing.T) {
	srv := standin.New(t, standin.Secure(), standin.AllReaders(standin.KlientLogin))
	openStore(t, srv.ConnectionString())
}

func TestNewRefusesAWrongPassword(t *testing.T) {
	srv := standin.New(t, standin.Secure())
	_, err := esdb.New(ctxFor(t), srv.ConnectionStringAs(standin.KlientLogin, standin.KlientPassword+"-not"))
	wantOneLine(t, err, "refused the user name and password")
}
