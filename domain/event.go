package domain

// Event is a fact in the past tense. EventType is a fixed string that is
// never renamed; a new shape gets a new SchemaVersion and an upcaster in the
// codec.
//
// Personal fields are declared with the struct tag `personal:"<SubjectField>"`
// where <SubjectField> names the sibling string field that holds the data
// subject's ID. The codec seals such a field (the whole field, whatever its
// type) with that subject's key; nobody else handles ciphertext. After the
// subject is erased, the codec leaves the field at its zero value and reports
// the subject as erased.
type Event interface {
	EventType() string
	SchemaVersion() int
}
