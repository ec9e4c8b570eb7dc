package documents

import (
	"encoding/binary"
	"errors"
	"fmt"

	"github.com/klient-crm/klient/domain"
)

// ErrCorrupt: a stored document does not open as it was written — a chunk
// altered, moved, missing or added, or the file cut short. Never mistaken
// for erasure.
var ErrCorrupt = errors.New("documents: stored document is damaged or was tampered with")

// chunkADPrefix names the format, so a chunk's ciphertext can never pass
// for another kind of sealed value of the same subject.
const chunkADPrefix = "klient.document.chunk.v1\x00"

// chunkAD is the associated data a chunk is sealed with: the document ID
// (length-prefixed), the chunk's index and whether it is the last one. The
// key ring adds the subject.
func chunkAD(docID string, index uint32, last bool) []byte {
	ad := make([]byte, 0, len(chunkADPrefix)+4+len(docID)+5)
	ad = append(ad, chunkADPrefix...)
	ad = binary.BigEndian.AppendUint32(ad, uint32(len(docID)))
	ad = append(ad, docID...)
	ad = binary.BigEndian.AppendUint32(ad, index)
	if last {
		return append(ad, 1)
	}
	return append(ad, 0)
}

// openFailure turns the key ring's answer into the store's: erasure stays
// erasure, anything else is a damaged document.
func openFailure(docID string, index uint32, err error) error {
	if domain.IsKind(err, domain.KindErased) {
		e := domain.Erased("this document's data subject has been erased").WithCode("document.erased")
		e.Err = err
		return e
	}
	return corrupt(docID, index, err)
}

func corrupt(docID string, index uint32, cause error) error {
	return domain.Internal(fmt.Errorf("%w: document %s chunk %d: %w", ErrCorrupt, docID, index, cause))
}

func notFound() error {
	return domain.NotFound("there is no such document").WithCode("document.not_found")
}
