"""`instruire llm tester`: check the configured language model, and show what it would receive."""

from __future__ import annotations

import argparse
import json
import time

from assistant.errors import EXIT_PROBLEMS, UserError

SAMPLE_QUESTION = "profil.donnees_personnelles"
SAMPLE_TITLE = "Chatbot RH"
SAMPLE_DESCRIPTION = "Un agent conversationnel qui répond aux questions des agents sur leurs congés."


def register(sub) -> None:
    from assistant.llm.config import add_options

    llm = sub.add_parser("llm", help="le modèle de langue local, facultatif (reformulation des questions)",
                         description="Le modèle de langue local ne fait que reformuler le libellé des questions ; "
                                     "il est désactivé par défaut.")
    lsub = llm.add_subparsers(dest="action", title="actions", metavar="ACTION", parser_class=type(llm))
    llm.set_defaults(handler=lambda args: (llm.print_help(), 0)[1])

    p = lsub.add_parser("tester", help="vérifier le serveur configuré et montrer ce qui lui serait envoyé",
                        description="Affiche le serveur et le modèle configurés, la requête exacte envoyée pour "
                                    "une question d'exemple, puis l'envoie et affiche la reformulation, le verdict "
                                    "de la garde et la durée. Code de sortie non nul en cas d'échec.")
    p.add_argument("--question", metavar="ID", default=SAMPLE_QUESTION,
                   help=f"question d'exemple (identifiant complet ; défaut : {SAMPLE_QUESTION})")
    p.add_argument("--titre", metavar="TITRE", default=SAMPLE_TITLE, help="titre d'un projet d'exemple")
    p.add_argument("--description", metavar="TEXTE", default=SAMPLE_DESCRIPTION,
                   help="description d'un projet d'exemple (envoyée en mode projet seulement)")
    p.add_argument("--a-blanc", action="store_true", help="montrer la requête sans l'envoyer")
    add_options(p)
    p.set_defaults(handler=cmd_test)


def _llm_settings(args: argparse.Namespace):
    from assistant.config import load_settings
    from assistant.llm.config import ENV_MODEL, ENV_URL, LLMConfigError, load_llm_settings

    try:
        settings = load_settings(getattr(args, "grilles", None))
        llm = load_llm_settings(settings, args)
    except LLMConfigError as exc:
        raise UserError(str(exc)) from None
    if llm is None:
        raise UserError("aucun modèle de langue configuré (c'est le fonctionnement par défaut : les questions "
                        "s'affichent telles que les grilles les rédigent). Pour en essayer un : section [llm] "
                        f"(url, modele) du fichier de configuration, variables {ENV_URL} et {ENV_MODEL}, ou "
                        "options --llm-url et --llm-modele.")
    return settings, llm


def _sample_request(args, question_id: str, title: str, description: str):
    from assistant.runtime import catalog_of
    from dialogues.rephrasing import RephraseRequest
    from grilles.bundle import build_or_raise
    from grilles.formats import version_tag

    catalog = catalog_of(args, report_problems=False)
    grid_id = question_id.split(".", 1)[0]
    try:
        selection = catalog.selection([grid_id])
    except KeyError as exc:
        raise UserError(str(exc.args[0])) from None
    bundle = build_or_raise(selection)
    entry = bundle.by_id.get(question_id)
    if entry is None:
        raise UserError(f"question inconnue : « {question_id} » (identifiant complet attendu, ex. {SAMPLE_QUESTION})")
    loaded = catalog.get(grid_id)
    version = version_tag(loaded)
    request = RephraseRequest("essai-llm", entry.id, entry.question.text, version, title, description,
                              tuple(entry.question.glossary))
    return catalog, request


def cmd_test(args: argparse.Namespace) -> int:
    from assistant.llm.client import LLMError, complete
    from assistant.llm.rephraser import LocalRephraser

    settings, llm = _llm_settings(args)
    where = "sur cet ordinateur" if llm.is_loopback else "DISTANT, autorisé explicitement : les questions " \
                                                          "et le projet quittent cet ordinateur"
    print(f"Serveur : {llm.endpoint} ({where})")
    print(f"Modèle : {llm.model}")
    print(f"Mode : {llm.mode}")
    print(f"Délai : {llm.timeout:g} s (au-delà, le texte d'origine s'affiche)")
    print(f"Cache : {llm.cache_path() if llm.cache else 'désactivé'}")
    catalog, request = _sample_request(args, args.question, args.titre, args.description)
    rephraser = LocalRephraser(llm, None, catalog.glossary)
    body = rephraser.body(request)
    print(f"\nQuestion d'exemple ({request.question}) : {request.text}")
    print(f"\nRequête qui serait envoyée (POST {llm.endpoint}) :")
    print(json.dumps(body, ensure_ascii=False, indent=2))
    if args.a_blanc:
        print("\nÀ blanc : rien n'a été envoyé.")
        return 0

    start = time.perf_counter()
    try:
        completion = complete(llm.endpoint, body, llm.timeout, llm.api_key)
    except LLMError as exc:
        print(f"\nÉchec après {(time.perf_counter() - start) * 1000:.0f} ms : {exc}")
        print("Pendant une instruction, le texte d'origine s'afficherait.")
        return EXIT_PROBLEMS
    tokens = f"{completion.tokens_in if completion.tokens_in is not None else '?'} + " \
             f"{completion.tokens_out if completion.tokens_out is not None else '?'}"
    print(f"\nRéponse du modèle en {completion.duration_ms:.0f} ms (jetons : {tokens}) :")
    print(completion.text)
    candidate, verdict = rephraser.judge(request, completion.text)
    if verdict.ok:
        print("\nGarde : reformulation acceptée.")
        print(f"Texte affiché : {candidate}")
        return 0
    print("\nGarde : reformulation refusée ; le texte d'origine serait affiché. Raisons :")
    for reason in verdict.reasons:
        print(f"  - {reason}")
    return EXIT_PROBLEMS
