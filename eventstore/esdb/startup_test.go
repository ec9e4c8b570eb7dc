package esdb_test

import (
	"encoding/json"
	"slices"
	"strings"
	"testing"

	"github.com/kurrent-io/KurrentDB-Client-Go/kurrentdb"

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

// GrantReadAll, as an administrator, names the user in $all's read ACL
// (what the README asks for, done by compose's kurrentdb-acl service): the
// user is refused before and admitted after; what $all's metadata held
// already (another reader, a field of the operator's) is kept; a second
// grant changes nothing; the user itself may not grant.
func TestGrantReadAllAdmitsTheUser(t *testing.T) {
	srv := standin.New(t, standin.Secure(), standin.AllReaders())
	adminURL := srv.ConnectionStringAs(standin.AdminLogin, standin.AdminPassword)
	cfg, err := kurrentdb.ParseConnectionString(adminURL)
	if err != nil {
		t.Fatal(err)
	}
	raw, err := kurrentdb.NewClient(cfg)
	if err != nil {
		t.Fatal(err)
	}
	defer raw.Close()
	before := kurrentdb.EventData{EventType: "$metadata", ContentType: kurrentdb.ContentTypeJson,
		Data: []byte(`{"$acl": {"$r": "auditor", "$w": "$admins"}, "firm": "Testbyrån"}`)}
	if _, err := raw.AppendToStream(ctxFor(t), "$$$all", kurrentdb.AppendToStreamOptions{}, before); err != nil {
		t.Fatal(err)
	}
	_, err = esdb.New(ctxFor(t), srv.ConnectionString())
	wantOneLine(t, err, "may not read $all")

	admin := openStore(t, adminURL)
	if changed, err := admin.GrantReadAll(ctxFor(t), standin.KlientLogin); err != nil || !changed {
		t.Fatalf("grant: changed %v, %v", changed, err)
	}
	openStore(t, srv.ConnectionString())
	if changed, err := admin.GrantReadAll(ctxFor(t), standin.KlientLogin); err != nil || changed {
		t.Fatalf("second grant: changed %v, %v; want nothing changed", changed, err)
	}

	rs, err := raw.ReadStream(ctxFor(t), "$$$all", kurrentdb.ReadStreamOptions{Direction: kurrentdb.Backwards, From: kurrentdb.End{}}, 1)
	if err != nil {
		t.Fatal(err)
	}
	defer rs.Close()
	last, err := rs.Recv()
	if err != nil {
		t.Fatal(err)
	}
	var meta struct {
		ACL struct {
			Read  []string `json:"$r"`
			Write string   `json:"$w"`
		} `json:"$acl"`
		Firm string `json:"firm"`
	}
	if err := json.Unmarshal(last.OriginalEvent().Data, &meta); err != nil {
		t.Fatalf("metadata of $all %s: %v", last.OriginalEvent().Data, err)
	}
	for _, r := range []string{"$admins", "auditor", standin.KlientLogin} {
		if !slices.Contains(meta.ACL.Read, r) {
			t.Errorf("$all's readers %v lack %s", meta.ACL.Read, r)
		}
	}
	if meta.ACL.Write != "$admins" || meta.Firm != "Testbyrån" {
		t.Errorf("the grant lost what $all's metadata held: %s", last.OriginalEvent().Data)
	}

	self := openStore(t, srv.ConnectionString())
	_, err = self.GrantReadAll(ctxFor(t), "someone")
	wantOneLine(t, err, "may not read the ACL of $all")
}
