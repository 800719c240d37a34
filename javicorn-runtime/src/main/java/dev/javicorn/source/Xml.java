package dev.javicorn.source;

import org.w3c.dom.Element;
import org.w3c.dom.Node;
import org.w3c.dom.NodeList;
import org.xml.sax.SAXException;
import org.xml.sax.SAXParseException;

import javax.xml.XMLConstants;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.parsers.ParserConfigurationException;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** Reading poms: the JDK's DOM parser with DTDs off, and the few walks a pom needs. */
final class Xml {
    private Xml() {}

    /**
     * @throws IOException with one line naming the file and the line at fault, e.g.
     *         {@code broken /app/pom.xml at line 12, column 3: ...}
     */
    static Element parse(Path file) throws IOException {
        try {
            DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
            factory.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
            factory.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
            return factory.newDocumentBuilder().parse(file.toFile()).getDocumentElement();
        } catch (SAXParseException e) {
            throw new IOException("broken " + file + " at line " + e.getLineNumber() + ", column " + e.getColumnNumber()
                    + ": " + e.getMessage());
        } catch (SAXException e) {
            throw new IOException("broken " + file + ": " + e.getMessage());
        } catch (ParserConfigurationException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The child elements of {@code parent} named {@code name}, in order. */
    static List<Element> children(Element parent, String name) {
        List<Element> found = new ArrayList<>();
        NodeList nodes = parent.getChildNodes();
        for (int i = 0; i < nodes.getLength(); i++) {
            Node node = nodes.item(i);
            if (node.getNodeType() == Node.ELEMENT_NODE && name.equals(node.getLocalName() != null ? node.getLocalName() : node.getNodeName())) {
                found.add((Element) node);
            }
        }
        return found;
    }

    /** The child elements of {@code parent}, whatever their names. */
    static List<Element> children(Element parent) {
        List<Element> found = new ArrayList<>();
        NodeList nodes = parent.getChildNodes();
        for (int i = 0; i < nodes.getLength(); i++) {
            if (nodes.item(i).getNodeType() == Node.ELEMENT_NODE) {
                found.add((Element) nodes.item(i));
            }
        }
        return found;
    }

    /** The element at {@code path} below {@code parent} (first match at each step). */
    static Optional<Element> child(Element parent, String... path) {
        Element at = parent;
        for (String name : path) {
            List<Element> next = children(at, name);
            if (next.isEmpty()) {
                return Optional.empty();
            }
            at = next.getFirst();
        }
        return Optional.of(at);
    }

    /** The trimmed text at {@code path} below {@code parent}. */
    static Optional<String> text(Element parent, String... path) {
        return child(parent, path).map(e -> e.getTextContent().strip());
    }

    /** The texts of the elements named {@code item} inside the element at {@code path}, e.g. {@code <includes><include>}. */
    static List<String> texts(Element parent, String item, String... path) {
        return child(parent, path).map(list -> children(list, item).stream().map(e -> e.getTextContent().strip()).toList())
                .orElse(List.of());
    }
}
