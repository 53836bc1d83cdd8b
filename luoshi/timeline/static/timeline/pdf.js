/* A one-page PDF around a JPEG image (an image XObject with DCTDecode): enough to print a chart. */
(function () {
  'use strict';
  function fromJpeg(jpeg, pixelWidth, pixelHeight, pageWidth, pageHeight) {
    var enc = new TextEncoder(), parts = [], length = 0, offsets = [];
    function put(chunk) { var bytes = typeof chunk === 'string' ? enc.encode(chunk) : chunk; parts.push(bytes); length += bytes.length; }
    function object(number, body) { offsets[number] = length; put(number + ' 0 obj\n'); body(); put('\nendobj\n'); }
    var w = pageWidth.toFixed(2), h = pageHeight.toFixed(2);
    var content = 'q ' + w + ' 0 0 ' + h + ' 0 0 cm /Im0 Do Q';
    put('%PDF-1.4\n%\xE2\xE3\xCF\xD3\n');
    object(1, function () { put('<< /Type /Catalog /Pages 2 0 R >>'); });
    object(2, function () { put('<< /Type /Pages /Kids [3 0 R] /Count 1 >>'); });
    object(3, function () {
      put('<< /Type /Page /Parent 2 0 R /MediaBox [0 0 ' + w + ' ' + h + '] /Resources << /XObject << /Im0 4 0 R >> >> /Contents 5 0 R >>');
    });
    object(4, function () {
      put('<< /Type /XObject /Subtype /Image /Width ' + pixelWidth + ' /Height ' + pixelHeight +
        ' /ColorSpace /DeviceRGB /BitsPerComponent 8 /Filter /DCTDecode /Length ' + jpeg.length + ' >>\nstream\n');
      put(jpeg); put('\nendstream');
    });
    object(5, function () { put('<< /Length ' + content.length + ' >>\nstream\n' + content + '\nendstream'); });
    var xref = length;
    var table = 'xref\n0 6\n0000000000 65535 f \n';
    for (var k = 1; k <= 5; k++) table += String(offsets[k]).padStart(10, '0') + ' 00000 n \n';
    put(table + 'trailer\n<< /Size 6 /Root 1 0 R >>\nstartxref\n' + xref + '\n%%EOF\n');
    var out = new Uint8Array(length), at = 0;
    parts.forEach(function (p) { out.set(p, at); at += p.length; });
    return out;
  }
  window.luoshiPdf = { fromJpeg: fromJpeg };
})();
