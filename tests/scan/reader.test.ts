/**
 * Specifications of how the notes reader understands text, with the built-in packs: who is
 * speaking (turn labels, reported speech), questions, negation scope, and organisations in their
 * ordinary forms. The sentences are invented for these tests.
 */
import { beforeAll, describe, expect, it } from "vitest";
import type { RuleSet } from "../../src/core/ruleset.js";
import { inferAnswers } from "../../src/core/scan/index.js";
import { loadRules } from "../../src/node/load-rules.js";
import { compile, messages, pack, VERDICTS_YAML } from "../helpers/rules.js";

let rules: RuleSet;
beforeAll(async () => {
  rules = (await loadRules()).rules;
});
const read = (text: string) => Object.fromEntries(inferAnswers(rules, text).answers);

describe("what the person already did", () => {
  it("reads letting the caller onto a device as access given, and its denial as nothing given", () => {
    expect(read("I let him onto my laptop with TeamViewer.")["what-happened"]).toEqual(["gave-remote-access"]);
    expect(read("I didn't let him onto my laptop.")["what-happened"]).toBeUndefined();
  });

  it("reads being made to start a remote-control tool ('he had me open AnyDesk') as access given", () => {
    expect(read("A man rang me. He had me open AnyDesk so he could look.")["what-happened"]).toEqual(["gave-remote-access"]);
    expect(read("A man rang me. He got her to install an app called TeamViewer.")["what-happened"]).toContain("gave-remote-access");
  });
});

describe("a choice that goes on its own", () => {
  it("yields 'None of these' to a loss the notes also name", () => {
    const answers = read("I gave them nothing. Later that day I read out the code from my text.");
    expect(answers["what-happened"]).toEqual(["gave-one-time-code"]);
  });
});

describe("who is speaking", () => {
  it("does not take the person's own turn in a transcript as the caller's claim", () => {
    const answers = read("Agent: Good morning, how can I help?\nMe: This is the Windows helpdesk, isn't it? My tablet keeps freezing.");
    expect(answers["claimed-org"]).toBeUndefined();
    expect(answers["computer-problem-claim"]).toBeUndefined();
  });

  it("still reads what the person says to the caller about the caller", () => {
    const answers = read("Caller: Grandma it's me, I've got a new phone.\nMe: You sound very different today.");
    expect(answers["claimed-org"]).toBe("family");
    expect(answers["family-voice-odd"]).toBe("yes");
  });

  it("does not take what the caller says happened to them as happening to the person", () => {
    const answers = read("Suspect: Hello, I had a pop-up on my screen telling me to ring this number. Is that you?\nInnocent: No, sorry.");
    expect(answers["contact-start"]).not.toBe("number-from-screen");
  });

  it("reads the caller's turns as the caller's claims", () => {
    const answers = read("Caller: I'm ringing from Microsoft, your PC is sending us error reports.\nMe: Really?\nCaller: I need you to install AnyDesk.");
    expect(answers["claimed-org"]).toBe("computer-company");
    expect(answers["asked-remote-access"]).toBe("yes");
  });

  it("reads a caller's 'my password' as their own, but a caller's 'my new number' as a claim", () => {
    expect(read("Caller: Hello, is that the helpline? I need help with my password for the bank app.\nMe: Sorry, wrong number.")["asked-secrets"]).toBeUndefined();
    expect(read("Caller: Hi Grandad, it's me, this is my new number.\nMe: Who is this?")["family-new-number"]).toBe("yes");
  });

  it("does not take the person's 'yes' to 'is this the bank?' as the caller claiming to be the bank", () => {
    expect(read("Caller: Hi, is this Harbour Bank?\nMe: Yes, speaking. How can I help?")["claimed-org"]).toBeUndefined();
  });

  it("reads a single field label in a ticket as a field, not as the start of the person's turn", () => {
    const answers = read("Customer: Mrs Okafor, 81.\nCaller said he was from Microsoft and wanted to install AnyDesk.");
    expect(answers["claimed-org"]).toBe("computer-company");
    expect(answers["asked-remote-access"]).toBe("yes");
  });

  it("gives a label that names no side the side the named labels leave open", () => {
    // Only the caller is named: the other speaker, whoever they are, is the person called.
    const relative = read("Caller: Hello, is that the owner of the laptop?\nGrandma: Yes. My laptop is fine, it has no virus.\nCaller: I'm calling from Microsoft.\nGrandma: I don't believe you.");
    expect(relative["claimed-org"]).toBe("computer-company");
    expect(relative["computer-problem-claim"]).toBeUndefined();
    // Only the person is named: the other speaker is the caller.
    const bank = read("Bank: Hello, I'm calling from the fraud team at Harbour Bank.\nMe: Oh?\nBank: Please read me the code we just texted you.\nMe: No.");
    expect(bank["asked-secrets"]).toBe("yes");
  });

  it("reads a longer label with a caller's word in it as the caller, and one more speaker beside both sides as the caller's end", () => {
    const answers = read("Caller: Grandma, it's me.\nMe: Is that you, Tom?\nSecond caller: I'm his lawyer. He needs $5,000 for bail.\nMe: Oh no.");
    expect(answers["asked-payment"]).toBe("yes");
    const third = read("Caller: Your grandson is in trouble.\nMe: What?\nLawyer: You must pay $5,000 bail today.");
    expect(third["asked-payment"]).toBe("yes");
  });

  it("does not take a caller's instruction as something the person did", () => {
    const answers = read("Caller: Your account is at risk. A courier will come to your house to pick up the cash.\nMe: I see.");
    expect(answers["what-happened"]).toBeUndefined();
    expect(read("A courier came to my house and picked up the cash.")["what-happened"]).toEqual(["handed-over-cash-card"]);
  });

  it("reads a caller's 'I've booked' as something done for the person, not the caller's own", () => {
    const answers = read("Engineer: Hi, this is Sam from Virgin Media about the fault you reported.\nMe: Great.\nEngineer: I've booked an engineer for Thursday.");
    expect(answers["isp-claim"]).toEqual(expect.arrayContaining(["my-appointment"]));
  });

  it("ends the person's reported words where the story goes on", () => {
    expect(read("A man from BT rang. I told him my router had a virus.")["computer-problem-claim"]).toBeUndefined();
    expect(read("A man from BT rang. I told him I was busy but he said my router had a virus.")["computer-problem-claim"]).toBe("yes");
  });

  it("takes words the person reports saying as their own, not the caller's", () => {
    const answers = read("A woman rang me. I told her my computer had been slow since Tuesday and she hung up.");
    expect(answers["computer-problem-claim"]).toBeUndefined();
  });

  it("takes the person's reported question as theirs, not as what the caller said", () => {
    expect(read("Someone rang. I asked him whether he was from Microsoft and he put the phone down.")["claimed-org"]).toBeUndefined();
  });

  it("reads a caller's greeting followed by a question as a question, not a claim", () => {
    const answers = read("Caller: Hello, is this the support line for Microsoft?\nMe: Yes, how can I help?");
    expect(answers["claimed-org"]).toBeUndefined();
  });
});

describe("who the caller claimed to be, and how the call started", () => {
  it("does not take the shop named on a gift card, or the card brand paid with, as the caller", () => {
    expect(read("A man from Norton rang and said I had to pay the renewal in Walmart gift cards.")["claimed-org"]).toBe("security-software");
    expect(read("The caller said he was from the tax office and wanted $900 in Google Play cards.")["claimed-org"]).toBe("government");
  });

  it("reads the organisation a retold claim names as the caller", () => {
    expect(read("I had a call saying BT would disconnect my broadband tonight.")["claimed-org"]).toBe("phone-internet");
  });

  it("reads a transcript that opens with the caller presenting themselves as a call they made", () => {
    const opened = inferAnswers(rules, "Agent: Good morning, this is the fraud team at Harbour Bank.\nMe: Hello.\nAgent: We need you to move your savings.");
    expect(opened.answers.get("contact-start")).toBe("they-called");
    expect(opened.evidence.find((e) => e.question === "contact-start")?.text).toBe("Good morning, this is the fraud team at Harbour Bank");
    expect(read("Caller: Congratulations! Your number was picked for a free cruise.\nMe: Really?")["contact-start"]).toBe("they-called");
    // The person rang them; or the caller only asks whether they reached the right place.
    expect(read("Agent: Thank you for calling Harbour Bank, this is Sam.\nMe: Hi, I want to check a payment.")["contact-start"]).toBeUndefined();
    expect(read("Caller: Hi, is this tech support?\nMe: Yes, what is the problem?\nCaller: My laptop is slow.")["contact-start"]).toBeUndefined();
    expect(read("Me: Hello?\nCaller: This is the fraud team at Harbour Bank.")["contact-start"]).toBeUndefined();
    // What the other end says later ("how can I help?" once the person pressed 1) does not undo it.
    expect(read("Recording: This is Harbour Bank. Press 1 to speak to an agent.\nMe: (pressed 1)\nAgent: Fraud team, how can I help?")["contact-start"]).toBe("they-called");
  });

  it("reads a number the caller left, or one from the top of search results, as not looked up", () => {
    expect(read("He left a voicemail and I rang back on the number he left.")["contact-start"]).toBe("number-from-screen");
    expect(read("I searched for printer help and rang the number at the top of the results.")["contact-start"]).toBe("number-from-screen");
  });

  it("recognises an organisation named through one of its departments", () => {
    expect(read("She was calling from the returns desk of Argos about my order.")["claimed-org"]).toBe("shop-payment");
    expect(read("He said he worked in the licensing department of Microsoft.")["claimed-org"]).toBe("computer-company");
  });

  it("reads an order the person did not make as the caller's claim about an order", () => {
    expect(read("Caller from Amazon said there was an order she didn't make.")["shop-problem-claim"]).toBe("yes");
  });

  it("recognises a bank by its name before 'Bank', and agencies by their initials", () => {
    expect(read("A woman rang from Fairview Savings Bank about a payment.")["claimed-org"]).toBe("bank");
    expect(read("The man said he was an investigator with the FTC.")["claimed-org"]).toBe("government");
  });

  it("does not take money 'from my bank account' for a caller from a bank", () => {
    expect(read("He told me to send it from my bank account.")["claimed-org"]).toBeUndefined();
  });

  it("reads an unknown company as someone else, but a named one wins over that", () => {
    expect(read("Caller was from the accounts team of Northwind Corporation.")["claimed-org"]).toBe("other");
    expect(read("Caller was from the support team of Microsoft Corporation.")["claimed-org"]).toBe("computer-company");
  });

  it("takes the organisation the caller introduced themselves as over one only mentioned", () => {
    expect(read("Caller: Hi, this is Sam from the Federal Trade Commission. Our records show a phone you bought from Amazon.")["claimed-org"]).toBe("government");
    expect(read("Caller: I'm calling from the Consumer Rewards Center. The prize comes from our sponsor, Visa.")["claimed-org"]).toBe("other");
    // Two introductions that disagree still leave the question open.
    expect(read("He said he was from BT. Later he said he was from Microsoft.")["claimed-org"]).toBeUndefined();
  });

  it("does not take a bank's name that is also an ordinary word for the bank", () => {
    expect(read("Caller: We picked winners nationwide, and you have won a holiday voucher.")["claimed-org"]).not.toBe("bank");
    expect(read("A man rang saying he was from Nationwide fraud team.")["claimed-org"]).toBe("bank");
  });

  it("reads the caller's opening line as the caller starting the call", () => {
    expect(read("Caller: Good afternoon, my name is Ray and I'm calling about your account.")["contact-start"]).toBe("they-called");
    expect(read("Caller: Hello, this is Dana from the claims office.")["contact-start"]).toBe("they-called");
  });

  it("reads a caller announcing a win, or asking for the person by name, as the caller starting the call", () => {
    expect(read("Caller: Good news! You have been selected to receive a holiday voucher.")["contact-start"]).toBe("they-called");
    expect(read("Caller: Hello, could I speak to Mrs Patel please?")["contact-start"]).toBe("they-called");
  });

  it("reads 'the caller', a call 'claiming to be' someone, and a named worker 'from' a firm ringing as a call they made", () => {
    expect(read("The caller said he was from the council and my bin collection was overdue.")["contact-start"]).toBe("they-called");
    expect(read("Call claiming to be the water board, wanted a payment today.")["contact-start"]).toBe("they-called");
    expect(read("Courier from Parcelwise rang cust about a missed delivery.")["contact-start"]).toBe("they-called");
    // …but the same worker ringing back about the person's own report is a call back.
    expect(read("The engineer from Openreach rang me back about the fault I reported.")["contact-start"]).toBe("called-back-my-report");
  });

  it("reads terse ticket notes: abbreviations, no subject, 'posing as'", () => {
    const safe = read("Caller posing as Lloyds fraud dept. Told to move 5k to safe acct.");
    expect(safe["bank-safe-account"]).toBe("yes");
    expect(safe["asked-payment"]).toBe("yes");
    const courier = read("Rang by 'police' re cloned card, asked to withdraw cash, courier to collect.");
    expect(courier["contact-start"]).toBe("they-called");
    expect(courier["claimed-org"]).toBe("government");
    expect(courier["payment-method"]).toEqual(["cash-courier"]);
  });

  it("keeps evidence that needs a named caller when the notes name no one", () => {
    const answers = read("A man rang and said I was entitled to a refund on an old support contract. He wanted my bank details to pay it.");
    expect(answers["refund-offer"]).toBe("yes");
    expect(answers["claimed-org"]).toBe("other");
  });
});

describe("trigger words need their context", () => {
  it("does not take what an account 'was used to buy' as a request to pay", () => {
    expect(read("A man from PayPal said my account had been used to buy £700 of Bitcoin.")["asked-payment"]).toBeUndefined();
    expect(read("A man from PayPal said I had to buy £700 of Bitcoin.")["asked-payment"]).toBe("yes");
  });

  it("does not read a prize paid as a gift card as being asked to pay by gift card", () => {
    expect(read("The caller said I had won a gift card in a draw.")["payment-method"]).toBeUndefined();
    expect(read("Caller wanted me to pay the fee with gift cards.")["payment-method"]).toEqual(["gift-cards"]);
  });

  it("does not read a bare 'error' or 'virus' as a claim about the computer", () => {
    expect(read("A man from Microsoft rang. He said there was an error in my billing address.")["computer-problem-claim"]).toBeUndefined();
    expect(read("A man from Microsoft rang. He said my laptop had a virus.")["computer-problem-claim"]).toBe("yes");
  });

  it("does not read a message about a wrong password as a request for it", () => {
    expect(read("My bank rang. My banking app says invalid password every time.")["asked-secrets"]).toBeUndefined();
    expect(read("My bank rang. He asked me to say my password so he could check it.")["asked-secrets"]).toBe("yes");
  });

  it("does not read a compromised account as the safe-account story", () => {
    expect(read("A man from my bank rang to say my account was compromised.")["bank-safe-account"]).toBeUndefined();
  });

  it("reads a pop-up as the start of the call only when it shows a number or a warning", () => {
    expect(read("A man rang me. Later he told me to click the pop-up so he could connect.")["contact-start"]).toBe("they-called");
    expect(read("A pop-up with a phone number said my PC was locked, so I rang it.")["contact-start"]).toBe("number-from-screen");
  });

  it("reads a terse 'told X' as being told, and 'told him X' as telling", () => {
    expect(read("Cust rcvd call from HMRC, told NI number suspended.")["what-happened"]).toBeUndefined();
    expect(read("Cust rcvd call from HMRC and told them her NI number.")["what-happened"]).toEqual(["gave-identity"]);
  });

  it("does not read 'she confirmed it was him' as approving a sign-in prompt", () => {
    expect(read("My nephew rang from a new number. I rang his wife and she confirmed it was him.")["what-happened"]).toBeUndefined();
  });

  it("does not read a sales guarantee as a refund offer", () => {
    expect(read("Caller from Norton offered a money-back guarantee on the plan.")["refund-offer"]).toBeUndefined();
  });
});

describe("matching beyond the literal phrase", () => {
  it("reads a phrase's own 'do not remember' as the denial it was written for, and other doubt as doubt", () => {
    expect(read("Caller: You have won a prize in our draw!\nMe: I don't remember entering any draw.")["prize-entered"]).toBe("no");
    expect(read("Caller: You have won a prize in our draw!\nMe: I think I entered it.")["prize-entered"]).toBe("not-sure");
  });

  it("reads a refund offer with the refund named first", () => {
    expect(read("Caller: This is Amazon. We are calling about a refund you are owed for a faulty item.")["refund-offer"]).toBe("yes");
    expect(read("Caller: This is Amazon. We want to refund the charge to your account.")["refund-offer"]).toBe("yes");
  });

  it("follows 'it' back to the thing the statement before named", () => {
    const answers = read("A woman from HMRC rang about my national insurance number. She said it was blocked.");
    expect(answers["gov-number-suspended"]).toBe("yes");
  });

  it("skips a question in between when following 'it' back", () => {
    const answers = read("Caller: This is the DWP, there is a problem with your national insurance number.\nMe: What problem?\nCaller: It has been frozen.");
    expect(answers["gov-number-suspended"]).toBe("yes");
  });

  it("follows 'it' to a thing, not to a number or a reason after a preposition", () => {
    expect(read("A woman from the IT desk rang and wanted my login password. Later I gave it to her.")["what-happened"]).toEqual(["gave-passwords"]);
    expect(read("He said he was from Amazon and offered a refund of 200 for overcharging. He wanted my card details to pay it.")["asked-payment"]).toBeUndefined();
  });

  it("reads the verb form of an offer like its noun form", () => {
    expect(read("A man from PayPal rang. He said they would refund you 80 because of a billing fault.")["refund-offer"]).toBe("yes");
    expect(read("A man from PayPal rang. He offered a refund of 80 because of a billing fault.")["refund-offer"]).toBe("yes");
  });

  it("reads login credentials as the password, but not a caller's own credentials", () => {
    expect(read("Caller from my bank wanted my login credentials.")["asked-secrets"]).toBe("yes");
    expect(read("Caller from my bank said I could verify their credentials online.")["asked-secrets"]).toBeUndefined();
  });

  it("reads a claim with its words the other way round", () => {
    const answers = read("A woman from HMRC rang. She said criminals were misusing my national insurance number and they would send an officer to my address.");
    expect(answers["gov-number-suspended"]).toBe("yes");
    expect(answers["gov-arrest-threat"]).toBe("yes");
  });

  it("steps over an adverb inside a phrase", () => {
    expect(read("Caller: Grandma it's me.\nMe: You sound really different.")["family-voice-odd"]).toBe("yes");
  });
});

describe("negation, conditions and questions", () => {
  it("carries a negation over every item of a list, past its commas", () => {
    expect(read("Rang from my bank. They never asked for my card, PIN or any code.")["asked-secrets"]).toBe("no");
    expect(read("Rang from my bank. She did not want my sort code, my password, or the code from the text.")["asked-secrets"]).toBe("no");
  });

  it("reads each item of a short 'X or Y' list, under the same negation", () => {
    const answers = read("A man from BT rang. He didn't ask for any passwords or payment.");
    expect(answers["asked-payment"]).toBe("no");
    expect(answers["asked-secrets"]).toBe("no");
  });

  it("denies with 'never' even when the phrase lists an abbreviation like 'card no'", () => {
    expect(read("A man rang me. I never gave them any card details.")["what-happened"]).toBeUndefined();
    expect(read("A man rang me. I gave him my card no and expiry.")["what-happened"]).toEqual(["gave-card-details"]);
  });

  it("lets a phrase run through a list comma", () => {
    expect(read("Rang from my bank. He wanted my card number, expiry date and the code sent to my phone.")["asked-secrets"]).toBe("yes");
  });

  it("does not join two clauses with subjects of their own", () => {
    expect(read("Rang from my bank. I did not give my card, and he asked for the code sent to my phone.")["asked-secrets"]).toBe("yes");
  });

  it("does not take the 'I' of the sentence before as the one who denies", () => {
    expect(read("I agreed to the visit. No payment was asked for.")["asked-payment"]).toBe("no");
  });

  it("reads 'if you don't…' as the caller's threat, not as a denial", () => {
    expect(read("A man from my bank rang. If you don't pay today, he said, you will lose your savings.")["pressure"]).toBe("yes");
  });

  it("reads a retold threat ('if I didn't pay I would be…') as pressure", () => {
    expect(read("A man from the tax office rang. He said if I didn't pay today I would be arrested.")["pressure"]).toBe("yes");
  });

  it("reads an offer on a condition ('he could fix it if I let him connect') as what the caller asked for", () => {
    const answers = read("A man from BT rang. He said they could fix my broadband if I let him connect to my computer.");
    expect(answers["asked-remote-access"]).toBe("yes");
    // …which the person has not done because it was asked.
    expect(answers["what-happened"]).toBeUndefined();
  });

  it("reads what a request verb governs as asked for, not done: 'needs $900 for a lawyer sent by Zelle'", () => {
    const asked = read("Caller said she was cust's granddaughter, needs $900 for a lawyer sent by Zelle today.");
    expect(asked["payment-method"]).toEqual(["payment-app"]);
    expect(asked["what-happened"]).toBeUndefined();
    // An "and" ends the request's reach: what comes after it was done.
    expect(read("A man rang me. He wanted $300 and I sent it by Zelle.")["what-happened"]).toEqual(["paid-payment-app"]);
  });

  it("still reads a plain supposition ('if they ask…, hang up') as no evidence", () => {
    expect(read("My bank told me: if anyone rings and asks to connect to my computer, hang up.")["asked-remote-access"]).toBeUndefined();
  });

  it("takes a question the caller asks as a question, unless it is a request", () => {
    expect(read("Caller: Hi, did you recently buy an iPhone on Amazon?")["shop-problem-claim"]).toBeUndefined();
  });
});

describe("a question's 'opening_turn' choice", () => {
  const load = (detect: string) =>
    compile({ "p.yaml": pack("p", `${VERDICTS_YAML}questions:\n  - id: start\n    type: single\n    text: How did it start?\n    choices:\n      - { id: cold, label: They rang, detect: ["out of the blue"] }\n      - { id: mine, label: I rang, detect: ["i rang them"] }\n    detect: { ${detect} }\n`) });

  it("must name one of the question's choices", () => {
    expect(messages(load("opening_turn: nobody").diagnostics)).toEqual([expect.stringContaining("'opening_turn' names 'nobody', which is not one of this question's choices")]);
  });

  it("answers only when no phrase of the question matched", () => {
    const { rules: r } = load("opening_turn: cold");
    expect(inferAnswers(r as RuleSet, "Caller: Hello, this is Acme.\nMe: Hi.").answers.get("start")).toBe("cold");
    expect(inferAnswers(r as RuleSet, "Caller: Hello, this is Acme, returning your call.\nMe: Yes, I rang them earlier.").answers.get("start")).toBeUndefined();
  });
});

describe("a question's 'unnamed' choice", () => {
  const load = (detect: string) =>
    compile({ "p.yaml": pack("p", `${VERDICTS_YAML}questions:\n  - id: who\n    type: single\n    text: Who?\n    choices:\n      - { id: shop, label: A shop, detect: ["from {acme|zenith}"] }\n      - { id: other, label: Someone else, detect: ["from * company"] }\n    detect: { ${detect} }\n  - id: y\n    type: yes-no\n    text: Y?\n    detect: { yes: ["asked for a fee"] }\n`) });

  it("must name one of the question's choices", () => {
    expect(messages(load("unnamed: nobody").diagnostics)).toEqual([expect.stringContaining("'unnamed' names 'nobody', which is not one of this question's choices")]);
  });

  it("gives way to a named choice, even in a longer match around it", () => {
    const { rules: r } = load("unnamed: other");
    expect(inferAnswers(r as RuleSet, "He was from Acme Trading Company.").answers.get("who")).toBe("shop");
    expect(inferAnswers(r as RuleSet, "He was from the Blue Sky Company.").answers.get("who")).toBe("other");
  });
});

describe("organisations as data", () => {
  const load = (choice: string, forms: string) =>
    compile({ "p.yaml": pack("p", `${VERDICTS_YAML}questions:\n  - id: who\n    type: single\n    text: Who?\n    choices:\n      - { id: shop, label: A shop, ${choice} }\n      - { id: other, label: Someone else }\n    detect: { ${forms} }\n`) });

  it("finds every listed organisation in every form the question gives", () => {
    const { rules: r, diagnostics } = load('organisations: [acme, "Zenith", "blue lake stores"]', 'organisation_forms: ["{from|calling from} {the}? @org", "@org {support|team}", "@org {rang|called}"]');
    expect(diagnostics).toEqual([]);
    const who = (text: string) => inferAnswers(r as RuleSet, text).answers.get("who");
    expect(who("He was calling from the Blue Lake Stores.")).toBe("shop");
    expect(who("Acme support said my order was stuck.")).toBe("shop");
    expect(who("Zenith rang about a refund.")).toBe("shop");
    // A name written with a capital needs it in the notes too: "zenith" here is a word.
    expect(who("The climb reached its zenith team by team.")).toBeUndefined();
  });

  it("needs forms with '@org' once for the names", () => {
    expect(messages(load("organisations: [acme]", "unnamed: other").diagnostics)).toEqual([expect.stringContaining("'organisations' need the question's 'detect.organisation_forms'")]);
    expect(messages(load("organisations: [acme]", 'organisation_forms: ["from the company"]').diagnostics)).toEqual([expect.stringContaining("needs '@org' once")]);
  });

  it("recognises the built-in packs' organisations in forms their phrases did not list", () => {
    expect(read("Verizon called me about my bill and wanted remote access.")["claimed-org"]).toBe("phone-internet");
    expect(read("Target called her about an order she had not made.")["claimed-org"]).toBe("shop-payment");
    expect(read("The sales target called for more calls.")["claimed-org"]).toBeUndefined();
  });
});

describe("evidence", () => {
  it("shows a passage once for an answer, though two phrases match it", () => {
    const { evidence } = inferAnswers(rules, "He was from Microsoft and wanted TeamViewer.");
    expect(evidence.filter((e) => e.question === "claimed-org").map((e) => e.text)).toEqual(["from Microsoft"]);
  });
});
