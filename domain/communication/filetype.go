package communication

import (
	"bytes"
	"net/http"
	"path"
	"strings"

	"github.com/klient-crm/klient/domain"
)

// SniffLength is how much of a file Sniff looks at.
const SniffLength = 512

// oleMagic opens every OLE2 compound file: the legacy Office formats and
// Outlook's .msg, which net/http's sniffer does not know.
var oleMagic = []byte{0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1}

// typeOLE is what Sniff calls an OLE2 compound file.
const typeOLE = "application/x-ole-storage"

// Sniff names the content type of a file from its first bytes (at most
// SniffLength), as net/http does, adding OLE2 compound files.
func Sniff(head []byte) string {
	if bytes.HasPrefix(head, oleMagic) {
		return typeOLE
	}
	return http.DetectContentType(head)
}

// fileType is one allowed extension: the sniffed types its content may
// have, and the type the document is stored and served as ("" = as sniffed).
type fileType struct {
	sniffed []string // an entry ending in ";" matches any parameters
	label   string
}

// DocumentType decides what a file named name, whose content sniffed as
// sniffed (see Sniff), is stored and served as. Both must agree: an
// extension outside the allow-list is refused, and so is content the
// extension does not promise (HTML named .pdf, an executable named .jpg):
// the name is the client's claim, the bytes are the fact. HTML and SVG are
// on no list, since a browser would run their scripts in Klient's origin.
func DocumentType(name, sniffed string) (string, error) {
	name, err := CleanFileName(name)
	if err != nil {
		return "", err
	}
	ft, ok := fileTypes[extension(name)]
	if !ok {
		return "", domain.Invalid("file", "files of this type cannot be uploaded").WithCode("document.type.unsupported")
	}
	for _, want := range ft.sniffed {
		if sniffed == want || (strings.HasSuffix(want, ";") && strings.HasPrefix(sniffed, want)) {
			return cmpOr(ft.label, sniffed), nil
		}
	}
	return "", domain.Invalid("file", "the file's content does not match its name").WithCode("document.type.mismatch")
}

func cmpOr(a, b string) string {
	if a != "" {
		return a
	}
	return b
}

// MaxFileNameLength bounds a document's name, in characters (most file
// systems stop at 255 bytes).
const MaxFileNameLength = 255

// CleanFileName keeps the last element of an uploaded name (browsers and
// mail clients send "C:\fakepath\x.pdf" or "a/b/x.pdf"), and checks it is
// one line of printable text with an extension.
func CleanFileName(name string) (string, error) {
	if i := strings.LastIndexAny(name, `/\`); i >= 0 {
		name = name[i+1:]
	}
	name, err := cleanLine("name", name, MaxFileNameLength)
	if err != nil {
		return "", err
	}
	if name == "" || name == "." || name == ".." || extension(name) == "" {
		return "", domain.Invalid("name", "the file needs a name with an extension, such as .pdf").WithCode("document.name.required")
	}
	return name, nil
}

// extension is name's extension in lower case, without the dot.
func extension(name string) string {
	return strings.TrimPrefix(strings.ToLower(path.Ext(name)), ".")
}
