package communication

import "testing"

func TestDocumentType(t *testing.T) {
	t.Parallel()
	zip := []byte("PK\x03\x04rest")
	ole := append(append([]byte{}, oleMagic...), 0, 0)
	tests := []struct {
		name    string
		content []byte
		want    string
		code    string
	}{
		{"brief.pdf", []byte("%PDF-1.7\n"), "application/pdf", ""},
		{"BRIEF.PDF", []byte("%PDF-1.7\n"), "application/pdf", ""},
		{"brief.pdf", []byte("<!DOCTYPE html><html><script>alert(1)</script>"), "", "document.type.mismatch"},
		{"notes.txt", []byte("<html><body>hi</body></html>"), "", "document.type.mismatch"},
		{"page.html", []byte("<html></html>"), "", "document.type.unsupported"},
		{"logo.svg", []byte("<svg xmlns='http://www.w3.org/2000/svg'/>"), "", "document.type.unsupported"},
		{"photo.jpg", []byte("MZ\x90\x00 executable"), "", "document.type.mismatch"},
		{"notes.txt", []byte("Hej, här är anteckningar."), "text/plain; charset=utf-8", ""},
		{"list.csv", []byte("a;b\n1;2\n"), "text/csv", ""},
		{"avtal.docx", zip, "application/vnd.openxmlformats-officedocument.wordprocessingml.document", ""},
		{"mail.msg", ole, "application/vnd.ms-outlook", ""},
		{"gammal.doc", zip, "", "document.type.mismatch"},
		{"noext", []byte("%PDF-"), "", "document.name.required"},
	}
	for _, tt := range tests {
		got, err := DocumentType(tt.name, Sniff(tt.content))
		if got != tt.want || codeOf(err) != tt.code {
			t.Errorf("%s (%s): %q, %v; want %q %s", tt.name, Sniff(tt.content), got, err, tt.want, tt.code)
		}
	}
}
