package standin_test

import (
	"errors"
	"io"
	"slices"
	"strings"
	"testing"

	"github.com/kurrent-io/KurrentDB-Client-Go/kurrentdb"

	"github.com/klient-crm/klient/eventstore/esdb/standin"
)

// What the client puts on the wire: every Streams call asks for the leader
// and, on a secure node, carries the user's credentials over TLS.
func TestCallsAskForTheLeaderWithCredentialsOverTLS(t *testing.T) {
	c, srv := client(t, standin.Secure())
	appendTo(t, c, "s", kurrentdb.NoStream{}, eventData(1))
	if _, err := drain(c.ReadStream(ctxFor(t), "s", kurrentdb.ReadStreamOptions{}, 10)); err != nil {
		t.Fatal(err)
	}
	if _, err := drain(c.ReadAll(ctxFor(t), kurrentdb.ReadAllOptions{}, 10)); err != nil {
		t.Fatal(err)
	}
	calls := srv.Calls()
	if len(calls) != 3 {
		t.Fatalf("the node saw %d Streams calls, want 3: %+v", len(calls), calls)
	}
	for _, c := range calls {
		if !c.RequiresLeader || !c.Credentials || !c.TLS || c.Login != standin.KlientLogin {
			t.Errorf("%s arrived as %+v, want requires-leader, credentials over TLS, user klient", c.Method, c)
		}
	}
}

// The stand-in's wire check catches a client that does not ask for the
// leader (as EventStore-Client-Go v4 did, whatever its settings).
func TestCallWithoutRequiresLeaderIsCaught(t *testing.T) {
	srv := standin.New(t)
	c := connect(t, srv.ConnectionString()+"&nodepreference=follower")
	if _, err := drain(c.ReadStream(ctxFor(t), "missing", kurrentdb.ReadStreamOptions{}, 1)); errorCode(err) != kurrentdb.ErrorCodeResourceNotFound {
		t.Fatalf("read: %v", err)
	}
	problems := srv.TakeWireProblems()
	if !slices.Contains(problems, "Read arrived without requires-leader: true") {
		t.Errorf("wire problems %q, want the missing requires-leader", problems)
	}
}

// Ported from the official client's test/tls_test.go (TestTLS), against
// one secure stand-in node instead of a three-node cluster.
func TestTLS(t *testing.T) {
	srv := standin.New(t, standin.Secure())
	bare := strings.Split(srv.ConnectionString(), "?")[0]
	readAllBackwardsFromStart := func(t *testing.T, c *kurrentdb.Client) error {
		rs, err := c.ReadAll(ctxFor(t), kurrentdb.ReadAllOptions{From: kurrentdb.Start{}, Direction: kurrentdb.Backwards}, 1)
		if err != nil {
			return err
		}
		defer rs.Close()
		if _, err := rs.Recv(); !errors.Is(err, io.EOF) {
			t.Errorf("backwards from the start: %v, want EOF", err)
		}
		return nil
	}
	t.Run("Default", func(t *testing.T) {
		err := readAllBackwardsFromStart(t, connect(t, bare))
		if err == nil || !strings.Contains(err.Error(), "failed to verify certificate") {
			t.Errorf("without the CA: %v, want a certificate verification failure", err)
		}
	})
	t.Run("WithoutCertificateAndVerify", func(t *testing.T) {
		if err := readAllBackwardsFromStart(t, connect(t, bare+"?tls=true&tlsverifycert=false")); err != nil {
			t.Error(err)
		}
	})
	t.Run("WithCertificateFromAbsoluteFile", func(t *testing.T) {
		if err := readAllBackwardsFromStart(t, connect(t, srv.ConnectionString()+"&tls=true&tlsverifycert=true")); err != nil {
			t.Error(err)
		}
	})
	t.Run("WithInvalidCertificate", func(t *testing.T) {
		untrusted := standin.New(t, standin.Secure()).CAFile()
		err := readAllBackwardsFromStart(t, connect(t, bare+"?tlsCAFile="+untrusted))
		if err == nil || !strings.Contains(err.Error(), "certificate signed by unknown authority") {
			t.Errorf("with another CA: %v, want an unknown authority", err)
		}
	})
}

// Ported from the official client's test/auth_secure_test.go and
// auth_insecure_test.go, on an append instead of creating a persistent
// subscription (which the stand-in does not serve).
func TestAuthentication(t *testing.T) {
	appendAs := func(t *testing.T, c *kurrentdb.Client, creds *kurrentdb.Credentials) error {
		_, err := c.AppendToStream(ctxFor(t), "auth-"+t.Name(), kurrentdb.AppendToStreamOptions{Authenticated: creds}, eventData(1)...)
		return err
	}
	secure := standin.New(t, standin.Secure())
	t.Run("CallWithTLSAndDefaultCredentials", func(t *testing.T) {
		if err := appendAs(t, connect(t, secure.ConnectionString()), nil); err != nil {
			t.Error(err)
		}
	})
	t.Run("CallWithTLSAndOverrideCredentials", func(t *testing.T) {
		admin := &kurrentdb.Credentials{Login: standin.AdminLogin, Password: standin.AdminPassword}
		if err := appendAs(t, connect(t, secure.ConnectionString()), admin); err != nil {
			t.Error(err)
		}
		if last := secure.Calls()[len(secure.Calls())-1]; last.Login != standin.AdminLogin {
			t.Errorf("the call ran as %q, want the override", last.Login)
		}
	})
	t.Run("CallWithTLSAndInvalidOverrideCredentials", func(t *testing.T) {
		// The client may still be sending when the node refuses; it then
		// reports the cut stream, not the refusal, so only the failure and
		// the empty stream are certain (the original asserts an error too).
		if err := appendAs(t, connect(t, secure.ConnectionString()), &kurrentdb.Credentials{Login: "invalid", Password: "invalid"}); err == nil {
			t.Error("append with a wrong password succeeded")
		}
		if calls := secure.Calls(); calls[len(calls)-1].Login != "" {
			t.Errorf("the refused call ran as %q", calls[len(calls)-1].Login)
		}
	})
	insecure := standin.New(t)
	t.Run("CallInsecureWithoutCredentials", func(t *testing.T) {
		if err := appendAs(t, connect(t, insecure.ConnectionString()), nil); err != nil {
			t.Error(err)
		}
	})
	t.Run("CallInsecureWithInvalidCredentials", func(t *testing.T) {
		if err := appendAs(t, connect(t, insecure.ConnectionString()), &kurrentdb.Credentials{Login: "invalid", Password: "invalid"}); err != nil {
			t.Error(err)
		}
		for _, c := range insecure.Calls() {
			if c.Credentials {
				t.Errorf("%s carried credentials to a plain-text node", c.Method)
			}
		}
	})
}

// The default ACLs of a secure real node: $all and system streams are for
// $admins (and whoever $all's own ACL names); anonymous calls touch nothing.
func TestAccessControl(t *testing.T) {
	srv := standin.New(t, standin.Secure(), standin.AllReaders())
	klient := connect(t, srv.ConnectionString())
	admin := connect(t, srv.ConnectionStringAs(standin.AdminLogin, standin.AdminPassword))
	appendTo(t, klient, "matter-1", kurrentdb.NoStream{}, eventData(1))
	if _, err := drain(klient.ReadStream(ctxFor(t), "matter-1", kurrentdb.ReadStreamOptions{}, 10)); err != nil {
		t.Errorf("klient reading its own stream: %v", err)
	}
	if _, err := drain(klient.ReadAll(ctxFor(t), kurrentdb.ReadAllOptions{}, 10)); errorCode(err) != kurrentdb.ErrorCodeAccessDenied {
		t.Errorf("klient reading $all: %v, want AccessDenied", err)
	}
	if _, err := klient.SubscribeToAll(ctxFor(t), kurrentdb.SubscribeToAllOptions{}); errorCode(err) != kurrentdb.ErrorCodeAccessDenied {
		t.Errorf("klient subscribing to $all: %v, want AccessDenied", err)
	}
	// A refused append: the node answers AccessDenied after the first
	// message, as the real one does, and the client, still sending, may
	// report the cut stream instead; nothing is written either way.
	if _, err := klient.AppendToStream(ctxFor(t), "$settings", kurrentdb.AppendToStreamOptions{}, eventData(1)...); err == nil {
		t.Error("klient wrote a system stream")
	}
	if _, err := drain(admin.ReadStream(ctxFor(t), "$settings", kurrentdb.ReadStreamOptions{}, 10)); errorCode(err) != kurrentdb.ErrorCodeResourceNotFound {
		t.Errorf("$settings after the refused append: %v, want no stream", err)
	}
	if _, err := drain(admin.ReadAll(ctxFor(t), kurrentdb.ReadAllOptions{}, 10)); err != nil {
		t.Errorf("admin reading $all: %v", err)
	}
	anonymous := connect(t, strings.Replace(srv.ConnectionString(), standin.KlientLogin+":"+standin.KlientPassword+"@", "", 1))
	if _, err := anonymous.AppendToStream(ctxFor(t), "matter-2", kurrentdb.AppendToStreamOptions{}, eventData(1)...); err == nil {
		t.Error("anonymous append succeeded")
	}
	if _, err := drain(anonymous.ReadStream(ctxFor(t), "matter-1", kurrentdb.ReadStreamOptions{}, 10)); errorCode(err) != kurrentdb.ErrorCodeAccessDenied {
		t.Errorf("anonymous read: %v, want AccessDenied", err)
	}
	if _, err := drain(admin.ReadStream(ctxFor(t), "matter-2", kurrentdb.ReadStreamOptions{}, 10)); errorCode(err) != kurrentdb.ErrorCodeResourceNotFound {
		t.Errorf("matter-2 after the anonymous append: %v, want no stream", err)
	}
}
