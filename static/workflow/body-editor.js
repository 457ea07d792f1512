// The story body's pictures and embeds in the rich-text editor (django-prose-editor / Tiptap).
// Both are atoms the editor keeps whole, written as the placeholders the server stores and
// checks (core/html.py, articles/body.py):
//   <figure data-image="12"><figcaption>Caption</figcaption></figure>
//   <figure data-embed="https://www.youtube.com/watch?v=…"><a href="…">…</a></figure>
// The toolbar's "Picture" button opens the library's chooser (static/images/image-chooser.js);
// "Embed" asks for a YouTube, X, Facebook or TikTok address. The server refuses any other.
import { Node } from "django-prose-editor/editor"

// Text in the staff member's language: the admin's JavaScript catalog (admin:jsi18n, loaded by
// every change form) when it is there, English otherwise.
const gettext = window.gettext || ((text) => text)

const PROVIDERS = [
  [/^(www\.|m\.)?(youtube\.com|youtu\.be)$/, gettext("YouTube video")],
  [/^(www\.|mobile\.)?(twitter\.com|x\.com)$/, gettext("Post on X")],
  [/^(www\.|m\.|web\.)?facebook\.com$/, gettext("Facebook post")],
  [/^(www\.|m\.)?tiktok\.com$/, gettext("TikTok video")],
]

function providerOf(url) {
  try {
    const parsed = new URL(url)
    if (!/^https?:$/.test(parsed.protocol)) return null
    const found = PROVIDERS.find(([host]) => host.test(parsed.hostname))
    return found ? found[1] : null
  } catch {
    return null
  }
}

function make(tag, className, text) {
  const node = document.createElement(tag)
  if (className) node.className = className
  if (text) node.textContent = text
  return node
}

function actionButton(label, onClick) {
  const button = make("button", "button", label)
  button.type = "button"
  button.addEventListener("click", (event) => {
    event.preventDefault()
    onClick()
  })
  return button
}

export const NewsroomPicture = Node.create({
  name: "newsroomPicture",
  group: "block",
  atom: true,
  draggable: true,
  selectable: true,

  addOptions() {
    return { chooserUrl: "", uploadUrl: "", previewUrl: "" }
  },

  addAttributes() {
    return {
      image: {
        default: null,
        parseHTML: (element) => element.getAttribute("data-image"),
        renderHTML: (attributes) => ({ "data-image": attributes.image }),
      },
      caption: {
        default: "",
        parseHTML: (element) =>
          element.querySelector("figcaption")?.textContent.trim() || "",
        renderHTML: () => ({}),
      },
    }
  },

  parseHTML() {
    return [{ tag: "figure[data-image]", priority: 60 }]
  },

  renderHTML({ node, HTMLAttributes }) {
    const figure = ["figure", HTMLAttributes]
    if (node.attrs.caption) figure.push(["figcaption", node.attrs.caption])
    return figure
  },

  addNodeView() {
    const previewUrl = this.options.previewUrl
    return ({ node, getPos, editor }) => {
      const dom = make("figure", "body-node body-node--picture")
      dom.contentEditable = "false"
      const img = make("img")
      img.alt = ""
      const alt = make("p", "body-node__alt")
      const caption = make("figcaption")
      const actions = make("p", "body-node__actions")
      let current = node
      const set = (attrs) => {
        const pos = getPos()
        if (typeof pos !== "number") return
        editor.view.dispatch(
          editor.view.state.tr.setNodeMarkup(pos, undefined, { ...current.attrs, ...attrs }),
        )
      }
      actions.append(
        actionButton(gettext("Edit caption"), () => {
          const text = window.prompt(gettext("Caption for this story"), current.attrs.caption || "")
          if (text !== null) set({ caption: text.trim() })
        }),
        actionButton(gettext("Remove picture"), () => {
          const pos = getPos()
          if (typeof pos === "number")
            editor.view.dispatch(editor.view.state.tr.delete(pos, pos + current.nodeSize))
        }),
      )
      dom.append(img, alt, caption, actions)
      const draw = () => {
        caption.textContent = current.attrs.caption || gettext("(no caption)")
        if (!previewUrl || !current.attrs.image) return
        fetch(previewUrl.replace(/\/0\/preview\.json$/, `/${current.attrs.image}/preview.json`), {
          credentials: "same-origin",
        })
          .then((response) => (response.ok ? response.json() : null))
          .then((data) => {
            if (!data) {
              alt.textContent = gettext("This picture is no longer in the library: remove it.")
              img.hidden = true
              return
            }
            img.src = data.url
            img.hidden = !data.url
            alt.textContent = data.alt_text
              ? `${gettext("Alt text:")} ${data.alt_text}`
              : gettext("No alt text yet: add it in the image library before publishing.")
          })
      }
      draw()
      return {
        dom,
        update(updated) {
          if (updated.type.name !== "newsroomPicture") return false
          const changed = updated.attrs.image !== current.attrs.image
          current = updated
          if (changed) draw()
          else caption.textContent = current.attrs.caption || gettext("(no caption)")
          return true
        },
        stopEvent: (event) => !!event.target.closest?.("button"),
        ignoreMutation: () => true,
      }
    }
  },

  addCommands() {
    return {
      insertNewsroomPicture:
        (attrs) =>
        ({ commands, state }) =>
          // After the selection, never over it (a selected picture stays).
          commands.insertContentAt(state.selection.to, { type: this.name, attrs }),
    }
  },

  addMenuItems({ menu, buttons }) {
    const options = this.options
    menu.defineItem({
      name: "newsroomPicture",
      groups: "nodes",
      button: buttons.text(gettext("Picture"), gettext("Insert a picture from the library")),
      command(editor) {
        if (!window.newsroomImageChooser) return
        window.newsroomImageChooser
          .open({ chooserUrl: options.chooserUrl, uploadUrl: options.uploadUrl })
          .then((picked) => {
            if (!picked) {
              editor.commands.focus()
              return
            }
            editor
              .chain()
              .focus()
              .insertNewsroomPicture({
                image: String(picked.id),
                caption: picked.caption || "",
              })
              .run()
          })
      },
    })
  },
})

export const NewsroomEmbed = Node.create({
  name: "newsroomEmbed",
  group: "block",
  atom: true,
  draggable: true,
  selectable: true,

  addAttributes() {
    return {
      url: {
        default: "",
        parseHTML: (element) => element.getAttribute("data-embed"),
        renderHTML: (attributes) => ({ "data-embed": attributes.url }),
      },
    }
  },

  parseHTML() {
    return [{ tag: "figure[data-embed]", priority: 60 }]
  },

  renderHTML({ node, HTMLAttributes }) {
    return ["figure", HTMLAttributes, ["a", { href: node.attrs.url }, node.attrs.url]]
  },

  addNodeView() {
    return ({ node, getPos, editor }) => {
      const dom = make("figure", "body-node body-node--embed")
      dom.contentEditable = "false"
      const label = make("p", "body-node__label")
      const link = make("a")
      link.target = "_blank"
      link.rel = "noopener noreferrer"
      const actions = make("p", "body-node__actions")
      let current = node
      actions.append(
        actionButton(gettext("Remove embed"), () => {
          const pos = getPos()
          if (typeof pos === "number")
            editor.view.dispatch(editor.view.state.tr.delete(pos, pos + current.nodeSize))
        }),
      )
      const draw = () => {
        label.textContent = `${providerOf(current.attrs.url) || gettext("Not embeddable")}:`
        link.href = current.attrs.url
        link.textContent = current.attrs.url
      }
      draw()
      dom.append(label, link, actions)
      return {
        dom,
        update(updated) {
          if (updated.type.name !== "newsroomEmbed") return false
          current = updated
          draw()
          return true
        },
        stopEvent: (event) => !!event.target.closest?.("button, a"),
        ignoreMutation: () => true,
      }
    }
  },

  addCommands() {
    return {
      insertNewsroomEmbed:
        (url) =>
        ({ commands, state }) =>
          commands.insertContentAt(state.selection.to, { type: this.name, attrs: { url } }),
    }
  },

  addMenuItems({ menu, buttons }) {
    menu.defineItem({
      name: "newsroomEmbed",
      groups: "nodes",
      button: buttons.text(gettext("Embed"), gettext("Embed a video or post (YouTube, X, Facebook, TikTok)")),
      command(editor) {
        const url = (
          window.prompt(
            gettext(
              "Paste the address of a YouTube video, or of a post on X, Facebook or TikTok (from its Share button):",
            ),
          ) || ""
        ).trim()
        if (!url) return
        if (!providerOf(url)) {
          window.alert(
            gettext(
              "Only videos and posts from YouTube, X (Twitter), Facebook and TikTok can be embedded. Link to other pages instead.",
            ),
          )
          return
        }
        editor.chain().focus().insertNewsroomEmbed(url).run()
      },
    })
  },
})
