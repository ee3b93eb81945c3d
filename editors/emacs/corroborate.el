;;; corroborate.el --- Eglot setup for the corroborate language server  -*- lexical-binding: t; -*-

;; Put this in your init file, or load it from there. Needs `corroborate' on
;; `exec-path' (`cargo install --path .' from the repository) and Eglot
;; (built into Emacs 29+). Then `M-x eglot' in a note or an article.

;;; Code:

(with-eval-after-load 'eglot
  (add-to-list 'eglot-server-programs
               '((markdown-mode text-mode) . ("corroborate" "lsp" "--stdio"))))

;; Optional: start it by itself in notes.
;; (add-hook 'markdown-mode-hook #'eglot-ensure)

;; Optional: settings, sent as the `corroborate' section of
;; workspace/configuration (a .dir-locals.el at the workspace root also works).
;; (setq-default eglot-workspace-configuration
;;               '(:corroborate (:diagnostics (:scope "openFiles") :tolerance 0.05)))

;; Optional (Emacs 29+): a folder of sources without version control still
;; counts as a project root.
;; (setq project-vc-extra-root-markers '("corroborate.toml" "seeds"))

(provide 'corroborate)
;;; corroborate.el ends here
