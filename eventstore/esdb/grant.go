package esdb

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"slices"
	"strings"

	"github.com/kurrent-io/KurrentDB-Client-Go/kurrentdb"
)

// The ACL of $all. A secure server lets only $admins read $all unless the
// stream's own metadata (kept in its metadata stream, "$$$all") names more
// readers in "$acl"."$r"; Klient's user needs exactly that and nothing else
// of the system streams (its own streams every user may read and write by
// the default ACL). GrantReadAll is how a cluster's administrator gives it,
// over gRPC: the server creates users only through its HTTP API
// (deploy/production/kurrentdb-user.sh), but writes a stream's metadata
// through the client, and AtomPub, the HTTP way to write a stream, is off
// by default on current servers.

// allMetadataStream is the metadata stream of $all.
const allMetadataStream = "$$$all"

// adminsRole is the group every administrator is in; it stays a reader.
const adminsRole = "$admins"

// GrantReadAll names login among the readers of $all, keeping every other
// reader and every other field of $all's metadata as they are. It reports
// whether it changed anything: a login already named is left alone, so it
// may be run at every start. The store must be connected as an
// administrator: only $admins may write a system stream's metadata.
func (s *Store) GrantReadAll(ctx context.Context, login string) (changed bool, err error) {
	if login == "" || strings.HasPrefix(login, "$") || strings.ContainsAny(login, " \t\n,") {
		return false, fmt.Errorf("esdb: %q is not a user's login name", login)
	}
	meta, revision, err := s.allMetadata(ctx)
	if err != nil {
		return false, err
	}
	acl, _ := meta["$acl"].(map[string]any)
	if acl == nil {
		acl = map[string]any{}
	}
	readers := roles(acl["$r"])
	if slices.Contains(readers, login) {
		return false, nil
	}
	if !slices.Contains(readers, adminsRole) {
		readers = append([]string{adminsRole}, readers...)
	}
	acl["$r"] = append(readers, login)
	meta["$acl"] = acl
	data, err := json.Marshal(meta)
	if err != nil {
		return false, fmt.Errorf("esdb: the metadata of $all: %w", err)
	}
	state := kurrentdb.StreamState(kurrentdb.NoStream{})
	if revision != nil {
		state = kurrentdb.Revision(*revision)
	}
	_, err = s.attempt(ctx, isNotLeader, func(c *kurrentdb.Client) error {
		_, err := c.AppendToStream(ctx, allMetadataStream, kurrentdb.AppendToStreamOptions{StreamState: state},
			kurrentdb.EventData{ContentType: kurrentdb.ContentTypeJson, EventType: "$metadata", Data: data})
		return err
	})
	if err != nil {
		return false, grantRefused("write", err)
	}
	return true, nil
}

// allMetadata is the last metadata of $all, as a JSON object, and its
// revision in the metadata stream (nil while $all has none).
func (s *Store) allMetadata(ctx context.Context) (map[string]any, *uint64, error) {
	meta := map[string]any{}
	var revision *uint64
	_, err := s.attempt(ctx, readAgain, func(c *kurrentdb.Client) error {
		rs, err := c.ReadStream(ctx, allMetadataStream, kurrentdb.ReadStreamOptions{Direction: kurrentdb.Backwards, From: kurrentdb.End{}}, 1)
		if err != nil {
			return err
		}
		defer rs.Close()
		ev, err := rs.Recv()
		if errors.Is(err, io.EOF) {
			return nil
		}
		if err != nil {
			return err
		}
		r := ev.OriginalEvent()
		if err := json.Unmarshal(r.Data, &meta); err != nil {
			return fmt.Errorf("esdb: the metadata of $all is not a JSON object: %w", err)
		}
		n := r.EventNumber
		revision = &n
		return nil
	})
	if code, _ := clientCode(err); code == kurrentdb.ErrorCodeResourceNotFound {
		return map[string]any{}, nil, nil
	}
	if err != nil {
		return nil, nil, grantRefused("read", err)
	}
	return meta, revision, nil
}

// roles reads an ACL entry: one role as a string, or a list of them.
func roles(v any) []string {
	switch v := v.(type) {
	case string:
		return []string{v}
	case []any:
		var out []string
		for _, r := range v {
			if s, ok := r.(string); ok {
				out = append(out, s)
			}
		}
		return out
	}
	return nil
}

// grantRefused says in one line why the ACL of $all could not be read or
// written, never with the connection string.
func grantRefused(what string, err error) error {
	switch code, _ := clientCode(err); code {
	case kurrentdb.ErrorCodeAccessDenied:
		return fmt.Errorf("esdb: the user in the connection string may not %s the ACL of $all: connect as an administrator (a member of $admins)", what)
	case kurrentdb.ErrorCodeUnauthenticated:
		return errors.New("esdb: the server refused the user name and password in the connection string")
	}
	return fmt.Errorf("esdb: %s the ACL of $all: %w", what, err)
}
