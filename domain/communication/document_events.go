package communication

// Event type strings of documents: stored forever, never renamed.
const (
	TypeDocumentAttached = "document.DocumentAttached"
	TypeDocumentRemoved  = "document.DocumentRemoved"
)

// DocumentAttached: a file was uploaded to a matter or to an entry. Its
// bytes are in the blob store, sealed with DataSubject's key like Name and
// SHA256 here. MatterID is set for an entry's document too when the entry
// belongs to a matter, so the matter's list shows it.
type DocumentAttached struct {
	DocumentID      string `json:"document_id"`
	MatterID        string `json:"matter_id,omitempty"`
	CommunicationID string `json:"communication_id,omitempty"`
	DataSubject     string `json:"data_subject"`
	Name            string `json:"name" personal:"DataSubject"`
	// SHA256 of the plaintext is sealed too: a fingerprint would let anyone
	// holding a copy of the file confirm it is in the firm's records.
	SHA256      []byte `json:"sha256" personal:"DataSubject"`
	Size        int64  `json:"size"`
	ContentType string `json:"content_type"` // sniffed, never the client's claim
	UploadedBy  string `json:"uploaded_by"`  // staff ID
}

// DocumentRemoved: the document was taken off its matter or entry and its
// bytes deleted.
type DocumentRemoved struct {
	DocumentID  string `json:"document_id"`
	DataSubject string `json:"data_subject"`
}

func (DocumentAttached) EventType() string { return TypeDocumentAttached }
func (DocumentRemoved) EventType() string  { return TypeDocumentRemoved }

func (DocumentAttached) SchemaVersion() int { return 1 }
func (DocumentRemoved) SchemaVersion() int  { return 1 }

// DocumentStreamName is the event stream of one document.
func DocumentStreamName(documentID string) string { return "document-" + documentID }
