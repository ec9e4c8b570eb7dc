package eventstore_test

import (
	"context"
	"encoding/json"
	"errors"
	"reflect"
	"testing"

	"github.com/klient-crm/klient/eventstore"
)

// noteAdded moved from v1 {"title"} to v2 {"heading"}; the personal text
// stays sealed through the upcaster.
type (
	noteAddedV1 struct {
		ContactID string `json:"contact_id"`
		Title     string `json:"title"`
		Text      string `json:"text" personal:"ContactID"`
	}
	noteAddedV2 struct {
		ContactID string `json:"contact_id"`
		Heading   string `json:"heading"`
		Text      string `json:"text" personal:"ContactID"`
	}
)

func (noteAddedV1) EventType() string  { return "test.NoteAdded" }
func (noteAddedV1) SchemaVersion() int { return 1 }
func (noteAddedV2) EventType() string  { return "test.NoteAdded" }
func (noteAddedV2) SchemaVersion() int { return 2 }

func renameTitle(data []byte) ([]byte, error) {
	var obj map[string]json.RawMessage
	if err := json.Unmarshal(data, &obj); err != nil {
		return nil, err
	}
	obj["heading"] = obj["title"]
	delete(obj, "title")
	return json.Marshal(obj)
}

func TestUpcasterLiftsStoredData(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	w := newCodecWorld(t)
	old := eventstore.NewCodec(w.keyring) // the build that wrote v1
	if err := old.Register(noteAddedV1{}); err != nil {
		t.Fatal(err)
	}
	env, err := old.Encode(ctx, newID(t), noteAddedV1{ContactID: "c-1", Title: "Möte", Text: canaryRole}, meta())
	if err != nil {
		t.Fatal(err)
	}
	current := eventstore.NewCodec(w.keyring)
	if err := current.Register(noteAddedV2{}); err != nil {
		t.Fatal(err)
	}
	if _, err := current.Decode(ctx, env); err == nil {
		t.Fatal("decoded v1 data without an upcaster")
	}
	if err := current.RegisterUpcaster("test.NoteAdded", 1, renameTitle); err != nil {
		t.Fatal(err)
	}
	d, err := current.Decode(ctx, env)
	if want := (noteAddedV2{ContactID: "c-1", Heading: "Möte", Text: canaryRole}); err != nil || !reflect.DeepEqual(d.Event, want) {
		t.Fatalf("Decode = %+v, %v; want %+v", d.Event, err, want)
	}
	if err := current.RegisterUpcaster("test.NoteAdded", 1, renameTitle); err == nil {
		t.Error("a second upcaster for the same step was accepted")
	}
	env.SchemaVersion = 3
	if _, err := current.Decode(ctx, env); err == nil {
		t.Error("decoded data newer than this build")
	}
}

func TestUpcasterErrorIsReported(t *testing.T) {
	t.Parallel()
	codec := eventstore.NewCodec(plaintextSealer{})
	boom := errors.New("boom")
	if err := codec.Register(noteAddedV2{}); err != nil {
		t.Fatal(err)
	}
	_ = codec.RegisterUpcaster("test.NoteAdded", 1, func([]byte) ([]byte, error) { return nil, boom })
	_, err := codec.Decode(context.Background(), eventstore.Envelope{ID: newID(t), Type: "test.NoteAdded", SchemaVersion: 1, Data: []byte(`{}`)})
	if !errors.Is(err, boom) {
		t.Errorf("Decode = %v; want the upcaster's error", err)
	}
}
