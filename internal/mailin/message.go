package mailin

import (
	"bytes"
	"encoding/base64"
	"errors"
	"fmt"
	"io"
	"mime"
	"mime/multipart"
	"mime/quotedprintable"
	"net/mail"
	"path"
	"strings"
	"time"
	"unicode/utf8"

	"golang.org/x/net/html"
	"golang.org/x/text/encoding/htmlindex"
)

// Limits of one message's structure: deeper nesting or more parts than a
// person's e-mail has is a crafted message, refused before it costs more.
const (
	maxDepth       = 8
	maxParts       = 100
	maxAttachments = 20
)

// mailAddress is a parsed address.
type mailAddress = mail.Address

// Message is what Klient reads of an e-mail: who wrote to whom, the
// subject, the text (plain, or an HTML body turned into text) and the
// attachments. Nothing of the HTML is kept as HTML: it is never shown.
type Message struct {
	From        *mail.Address
	To, Cc      []*mail.Address
	Subject     string
	Date        time.Time // zero: the message named none
	MessageID   string
	Text        string
	Attachments []Attachment
}

// Attachment is one file of the message.
type Attachment struct {
	Name    string
	Content []byte
}

// ErrMalformed is a message that is not MIME Klient can read; its text
// says what, in Swedish, for the sender's SMTP error.
type ErrMalformed struct{ Reason string }

func (e ErrMalformed) Error() string { return "meddelandet går inte att läsa: " + e.Reason }

func malformed(format string, args ...any) error {
	return ErrMalformed{Reason: fmt.Sprintf(format, args...)}
}

// Parse reads one RFC 5322 message with MIME (RFC 2045–2049) parts:
// multipart/mixed, alternative, related, nested to maxDepth; base64 and
// quoted-printable; charsets by their IANA names. A text/plain part is
// preferred to text/html for the text; every part with a file name (or
// disposition attachment) is an attachment.
func Parse(raw []byte) (Message, error) {
	m, err := mail.ReadMessage(bytes.NewReader(raw))
	if err != nil {
		return Message{}, malformed("huvudet saknas eller är trasigt")
	}
	var dec mime.WordDecoder
	dec.CharsetReader = charsetReader
	var msg Message
	if msg.From, err = oneAddress(m.Header, "From"); err != nil {
		return Message{}, err
	}
	if msg.To, err = addresses(m.Header, "To"); err != nil {
		return Message{}, err
	}
	if msg.Cc, err = addresses(m.Header, "Cc"); err != nil {
		return Message{}, err
	}
	if s, err := dec.DecodeHeader(m.Header.Get("Subject")); err == nil {
		msg.Subject = oneLine(s)
	} else {
		msg.Subject = oneLine(m.Header.Get("Subject"))
	}
	if d, err := m.Header.Date(); err == nil {
		msg.Date = d.UTC()
	}
	msg.MessageID = strings.TrimSpace(m.Header.Get("Message-Id"))
	w := walker{msg: &msg}
	if err := w.part(mailHeader(m.Header), m.Body, 0); err != nil {
		return Message{}, err
	}
	msg.Text = strings.TrimSpace(w.plain)
	if msg.Text == "" {
		msg.Text = strings.TrimSpace(w.html)
	}
	return msg, nil
}

// header is what a part's header must answer.
type header interface{ Get(string) string }

type mailHeader mail.Header

func (h mailHeader) Get(k string) string { return mail.Header(h).Get(k) }

func oneAddress(h mail.Header, key string) (*mail.Address, error) {
	list, err := addresses(h, key)
	if err != nil {
		return nil, err
	}
	if len(list) != 1 {
		return nil, malformed("avsändaren (%s) ska vara en adress", key)
	}
	return list[0], nil
}

func addresses(h mail.Header, key string) ([]*mail.Address, error) {
	if h.Get(key) == "" {
		return nil, nil
	}
	list, err := h.AddressList(key)
	if err != nil {
		return nil, malformed("fältet %s är inga e-postadresser", key)
	}
	return list, nil
}

// walker collects the text and attachments of a MIME tree.
type walker struct {
	msg         *Message
	plain, html string
	parts       int
}

func (w *walker) part(h header, body io.Reader, depth int) error {
	w.parts++
	if depth > maxDepth || w.parts > maxParts {
		return malformed("för många eller för djupt nästlade delar")
	}
	ct := h.Get("Content-Type")
	if ct == "" {
		ct = "text/plain; charset=us-ascii"
	}
	mediaType, params, err := mime.ParseMediaType(ct)
	if err != nil {
		return malformed("en dels innehållstyp (Content-Type) är trasig") // not quoted: it may carry a file name
	}
	if strings.HasPrefix(mediaType, "multipart/") {
		if params["boundary"] == "" {
			return malformed("en multipart-del saknar gräns (boundary)")
		}
		r := multipart.NewReader(body, params["boundary"])
		seen := 0
		for {
			p, err := r.NextRawPart()
			if errors.Is(err, io.EOF) {
				break
			}
			if err != nil {
				return malformed("en multipart-del slutar inte som den ska")
			}
			seen++
			if err := w.part(p.Header, p, depth+1); err != nil {
				return err
			}
		}
		if seen == 0 {
			return malformed("en multipart-del är tom")
		}
		return nil
	}
	content, err := decodeTransfer(h.Get("Content-Transfer-Encoding"), body)
	if err != nil {
		return err
	}
	if name := fileName(h, params); name != "" {
		if len(w.msg.Attachments) >= maxAttachments {
			return malformed("fler än %d bilagor", maxAttachments)
		}
		w.msg.Attachments = append(w.msg.Attachments, Attachment{Name: name, Content: content})
		return nil
	}
	switch mediaType {
	case "text/plain":
		text, err := toUTF8(params["charset"], content)
		if err != nil {
			return err
		}
		if w.plain == "" {
			w.plain = text
		}
	case "text/html":
		text, err := toUTF8(params["charset"], content)
		if err != nil {
			return err
		}
		if w.html == "" {
			w.html = htmlText(text)
		}
	}
	// Anything else without a name (an inline image of a signature, a
	// calendar part) carries nothing the log needs.
	return nil
}

// fileName is the part's file name from its disposition or its type,
// reduced to the name itself (no directory a sender could smuggle in).
func fileName(h header, typeParams map[string]string) string {
	var name string
	disposition, params, err := mime.ParseMediaType(h.Get("Content-Disposition"))
	if err == nil {
		name = params["filename"]
	}
	if name == "" {
		name = typeParams["name"]
	}
	if name == "" && err == nil && disposition == "attachment" {
		name = "bilaga.bin"
	}
	if name == "" {
		return ""
	}
	var dec mime.WordDecoder
	dec.CharsetReader = charsetReader
	if d, err := dec.DecodeHeader(name); err == nil {
		name = d
	}
	name = path.Base(strings.ReplaceAll(oneLine(name), `\`, "/"))
	if name == "." || name == "/" || name == "" {
		return "bilaga.bin"
	}
	return name
}

func decodeTransfer(enc string, body io.Reader) ([]byte, error) {
	var r io.Reader
	switch strings.ToLower(strings.TrimSpace(enc)) {
	case "", "7bit", "8bit", "binary":
		r = body
	case "base64":
		r = base64.NewDecoder(base64.StdEncoding, newlineFilter{body})
	case "quoted-printable":
		r = quotedprintable.NewReader(body)
	default:
		return nil, malformed("överföringskodningen %q är okänd", oneLine(enc))
	}
	b, err := io.ReadAll(r)
	if err != nil {
		return nil, malformed("en del är inte korrekt kodad (%s)", strings.ToLower(strings.TrimSpace(enc)))
	}
	return b, nil
}

// newlineFilter drops the line breaks base64 bodies are wrapped in.
type newlineFilter struct{ r io.Reader }

func (f newlineFilter) Read(p []byte) (int, error) {
	n, err := f.r.Read(p)
	out := p[:0]
	for _, b := range p[:n] {
		if b != '\r' && b != '\n' && b != ' ' && b != '\t' {
			out = append(out, b)
		}
	}
	return len(out), err
}

func charsetReader(charset string, input io.Reader) (io.Reader, error) {
	e, err := htmlindex.Get(charset)
	if err != nil {
		return nil, err
	}
	return e.NewDecoder().Reader(input), nil
}

// toUTF8 decodes a text part by its charset; without one, UTF-8 is taken
// if it is valid, else Windows-1252 (what Swedish Outlook writes).
func toUTF8(charset string, b []byte) (string, error) {
	charset = strings.ToLower(strings.TrimSpace(charset))
	if charset == "" || charset == "utf-8" || charset == "us-ascii" {
		if utf8.Valid(b) {
			return string(b), nil
		}
		charset = "windows-1252"
	}
	r, err := charsetReader(charset, bytes.NewReader(b))
	if err != nil {
		return "", malformed("teckenkodningen %q är okänd", charset)
	}
	out, err := io.ReadAll(r)
	if err != nil {
		return "", malformed("texten är inte korrekt %s", charset)
	}
	return string(out), nil
}

// htmlText turns an HTML body into its text: scripts, styles and every
// tag go, paragraphs and line breaks become new lines, entities are
// resolved. Klient never shows the HTML itself.
func htmlText(s string) string {
	z := html.NewTokenizer(strings.NewReader(s))
	var b strings.Builder
	skip := 0
	for {
		switch z.Next() {
		case html.ErrorToken:
			return collapseBlankLines(b.String())
		case html.TextToken:
			if skip == 0 {
				b.WriteString(strings.Join(strings.Fields(string(z.Text())), " "))
			}
		case html.StartTagToken, html.SelfClosingTagToken:
			name, _ := z.TagName()
			switch string(name) {
			case "script", "style", "head", "title":
				skip++
			case "br", "p", "div", "tr", "li", "h1", "h2", "h3", "h4", "table", "blockquote":
				b.WriteString("\n")
			}
		case html.EndTagToken:
			name, _ := z.TagName()
			switch string(name) {
			case "script", "style", "head", "title":
				if skip > 0 {
					skip--
				}
			case "p", "div", "tr", "li", "h1", "h2", "h3", "h4", "table", "blockquote":
				b.WriteString("\n")
			}
		}
	}
}

func collapseBlankLines(s string) string {
	lines := strings.Split(s, "\n")
	out := lines[:0]
	blank := false
	for _, l := range lines {
		l = strings.TrimSpace(l)
		if l == "" && blank {
			continue
		}
		blank = l == ""
		out = append(out, l)
	}
	return strings.TrimSpace(strings.Join(out, "\n"))
}

// oneLine keeps a header value on one line.
func oneLine(s string) string {
	return strings.Join(strings.Fields(s), " ")
}
