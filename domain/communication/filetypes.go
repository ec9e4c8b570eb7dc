package communication

// Sniffed types as net/http names them.
const (
	sniffText = "text/plain;" // with a charset parameter
	sniffZip  = "application/zip"
)

// fileTypes is the allow-list: what a Swedish law firm files with a
// matter. Office Open XML and OpenDocument files are ZIP archives to the
// sniffer; their extension says which.
var fileTypes = map[string]fileType{
	"pdf":  {sniffed: []string{"application/pdf"}},
	"png":  {sniffed: []string{"image/png"}},
	"jpg":  {sniffed: []string{"image/jpeg"}},
	"jpeg": {sniffed: []string{"image/jpeg"}},
	"gif":  {sniffed: []string{"image/gif"}},
	"webp": {sniffed: []string{"image/webp"}},
	"txt":  {sniffed: []string{sniffText}},
	"csv":  {sniffed: []string{sniffText}, label: "text/csv"},
	"eml":  {sniffed: []string{sniffText}, label: "message/rfc822"},
	"rtf":  {sniffed: []string{sniffText}, label: "application/rtf"},
	"docx": {sniffed: []string{sniffZip}, label: "application/vnd.openxmlformats-officedocument.wordprocessingml.document"},
	"xlsx": {sniffed: []string{sniffZip}, label: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"},
	"pptx": {sniffed: []string{sniffZip}, label: "application/vnd.openxmlformats-officedocument.presentationml.presentation"},
	"odt":  {sniffed: []string{sniffZip}, label: "application/vnd.oasis.opendocument.text"},
	"ods":  {sniffed: []string{sniffZip}, label: "application/vnd.oasis.opendocument.spreadsheet"},
	"zip":  {sniffed: []string{sniffZip}},
	"doc":  {sniffed: []string{typeOLE}, label: "application/msword"},
	"xls":  {sniffed: []string{typeOLE}, label: "application/vnd.ms-excel"},
	"msg":  {sniffed: []string{typeOLE}, label: "application/vnd.ms-outlook"},
	"mp3":  {sniffed: []string{"audio/mpeg"}},
	"wav":  {sniffed: []string{"audio/wave"}, label: "audio/wav"},
	"m4a":  {sniffed: []string{"video/mp4", "audio/mp4"}, label: "audio/mp4"},
	"mp4":  {sniffed: []string{"video/mp4"}},
}
