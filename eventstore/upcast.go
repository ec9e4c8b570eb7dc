package eventstore

import (
	"errors"
	"fmt"
)

// Upcaster lifts one event type's stored JSON by one schema version. It sees
// the data as stored: personal fields are still sealed ({"$sealed":…}), so
// an upcaster may add, rename or reshape plain fields and may add a personal
// field only by leaving it absent; it must never rename a personal field (the
// field's JSON name is part of its ciphertext's binding).
type Upcaster func(data []byte) ([]byte, error)

type upcastStep struct {
	eventType string
	from      int
}

// RegisterUpcaster installs fn to lift eventType's data from fromVersion to
// fromVersion+1. Decode chains them up to the registered SchemaVersion.
func (c *Codec) RegisterUpcaster(eventType string, fromVersion int, fn func(data []byte) ([]byte, error)) error {
	if eventType == "" || fromVersion < 1 || fn == nil {
		return errors.New("eventstore: an upcaster needs an event type, a version >= 1 and a function")
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	step := upcastStep{eventType, fromVersion}
	if _, dup := c.upcasters[step]; dup {
		return fmt.Errorf("eventstore: %s already has an upcaster from version %d", eventType, fromVersion)
	}
	c.upcasters[step] = fn
	return nil
}

// upcast runs the chain from stored version from to current version to.
func (c *Codec) upcast(eventType string, from, to int, data []byte) ([]byte, error) {
	if from < 1 || from > to {
		return nil, fmt.Errorf("%s stored at schema version %d; this build reads versions 1 to %d", eventType, from, to)
	}
	for v := from; v < to; v++ {
		c.mu.RLock()
		fn, ok := c.upcasters[upcastStep{eventType, v}]
		c.mu.RUnlock()
		if !ok {
			return nil, fmt.Errorf("%s has no upcaster from schema version %d", eventType, v)
		}
		var err error
		if data, err = fn(data); err != nil {
			return nil, fmt.Errorf("upcast %s from version %d: %w", eventType, v, err)
		}
	}
	return data, nil
}
