package standin_test

import (
	"context"
	"errors"
	"io"
	"testing"
	"time"

	"github.com/google/uuid"
	"github.com/kurrent-io/KurrentDB-Client-Go/kurrentdb"

	"github.com/klient-crm/klient/eventstore/esdb/standin"
)

// These tests drive the stand-in with the official client directly, to pin
// down the server behaviour the adapter relies on.

func client(t *testing.T, opts ...standin.Option) (*kurrentdb.Client, *standin.Server) {
	t.Helper()
	srv := standin.New(t, opts...)
	return connect(t, srv.ConnectionString()), srv
}

// connect makes a client for connectionString, closed at the end of the test.
func connect(t *testing.T, connectionString string) *kurrentdb.Client {
	t.Helper()
	cfg, err := kurrentdb.ParseConnectionString(connectionString)
	if err != nil {
		t.Fatal(err)
	}
	cfg.Logger = kurrentdb.NoopLogging()
	c, err := kurrentdb.NewClient(cfg)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = c.Close() })
	return c
}

func ctxFor(t *testing.T) context.Context {
	ctx, cancel := context.WithTimeout(t.Context(), 20*time.Second)
	t.Cleanup(cancel)
	return ctx
}

func eventData(n int) []kurrentdb.EventData {
	out := make([]kurrentdb.EventData, n)
	for i := range out {
		out[i] = kurrentdb.EventData{EventID: uuid.New(), EventType: "Tested", ContentType: kurrentdb.ContentTypeJson, Data: []byte(`{}`)}
	}
	return out
}

func appendTo(t *testing.T, c *kurrentdb.Client, stream string, exp kurrentdb.StreamState, evs []kurrentdb.EventData) *kurrentdb.WriteResult {
	t.Helper()
	res, err := c.AppendToStream(ctxFor(t), stream, kurrentdb.AppendToStreamOptions{StreamState: exp}, evs...)
	if err != nil {
		t.Fatalf("append to %s: %v", stream, err)
	}
	return res
}

func drain(rs *kurrentdb.ReadStream, err error) ([]*kurrentdb.RecordedEvent, error) {
	if err != nil {
		return nil, err
	}
	defer rs.Close()
	var out []*kurrentdb.RecordedEvent
	for {
		ev, err := rs.Recv()
		if errors.Is(err, io.EOF) {
			return out, nil
		}
		if err != nil {
			return out, err
		}
		out = append(out, ev.OriginalEvent())
	}
}

func errorCode(err error) kurrentdb.ErrorCode {
	var e *kurrentdb.Error
	if errors.As(err, &e) {
		return e.Code()
	}
	return -1
}
