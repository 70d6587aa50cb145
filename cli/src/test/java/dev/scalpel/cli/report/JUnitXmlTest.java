package dev.scalpel.cli.report;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;
import org.w3c.dom.Element;

class JUnitXmlTest {
  @Test
  void escapesEverythingAndStaysWellFormed() throws Exception {
    String nasty = "a<b & \"c\" > 'd'\nline2\ttab \u0001 lone\ud800 😀 ]]>";
    String xml = JUnitXml.format("suite \"x\"", 1.5, List.of(
        new JUnitXml.TestCase("cls<", nasty, 0.25, JUnitXml.Result.FAILED, nasty, nasty),
        JUnitXml.TestCase.passed("cls", "ok", 0),
        new JUnitXml.TestCase("cls", "err", 0, JUnitXml.Result.ERROR, "boom", ""),
        new JUnitXml.TestCase("cls", "skip", 0, JUnitXml.Result.SKIPPED, "not yet", "")));

    Document doc = DocumentBuilderFactory.newInstance().newDocumentBuilder()
        .parse(new ByteArrayInputStream(xml.getBytes(StandardCharsets.UTF_8)));

    Element suite = doc.getDocumentElement();
    assertThat(suite.getAttribute("name")).isEqualTo("suite \"x\"");
    assertThat(suite.getAttribute("tests")).isEqualTo("4");
    assertThat(suite.getAttribute("failures")).isEqualTo("1");
    assertThat(suite.getAttribute("errors")).isEqualTo("1");
    assertThat(suite.getAttribute("skipped")).isEqualTo("1");
    assertThat(suite.getAttribute("time")).isEqualTo("1.500");
    String expected = "a<b & \"c\" > 'd'\nline2\ttab \ufffd lone\ufffd 😀 ]]>";
    Element first = (Element) doc.getElementsByTagName("testcase").item(0);
    assertThat(first.getAttribute("name")).isEqualTo(expected);
    Element failure = (Element) first.getElementsByTagName("failure").item(0);
    assertThat(failure.getAttribute("message")).isEqualTo(expected);
    assertThat(failure.getTextContent()).isEqualTo(expected);
  }
}
