/**
 * Given names, lower-cased, from many languages; a name is a PERSON signal, not proof. Written for
 * Sealdesk (no list copied). Names that are also common English words (May, Will, Grace) are here
 * too; the name recogniser needs a second signal before it trusts one of those.
 */
export const FIRST_NAMES: ReadonlySet<string> = new Set(
  `
aaron abby abdul abdullah abel abigail abraham ada adam adrian adriana agnes ahmed ahmad aidan aiden aisha alan albert alberto alejandro alex alexa alexander alexandra alexandre alexis alfie alfred ali alice alicia alina alison allan allison alma amanda amber amelia amir amit amy ana anders andre andrea andreas andrei andres andrew andy angel angela angelica angelo anita ann anna anne annie anthony antoine anton antonio anya april archie ariana arjun arnav arthur ashley aubrey audrey austin ava axel aya ayesha
barbara barry beatrice beatriz becky ben benjamin bernard beth bethany betty bianca bill billy blake bob bobby bonnie brad bradley brandon brenda brent brian bridget britney brooke bruce bruno bryan
caleb cameron camila carl carla carlos carmen carol caroline carolyn carter casey catherine cathy cecilia celine chad charles charlie charlotte chen chiara chloe chris christian christina christine christopher cindy claire clara claudia clement colin connor craig cristina crystal cynthia
daisy dale dan dana daniel daniela danielle danny dante darius darren dave david dawn dean debbie deborah declan denise dennis derek diana diane diego dimitri dmitri dominic donald donna doris dorothy doug douglas dylan
ed eddie edgar edith eduardo edward eileen elaine eleanor elena eli elias elijah elisa elizabeth ella ellen ellie eloise emil emile emilia emily emma emmanuel enrique eric erica erik erin ernest esther ethan eugene eva evan evelyn
fabian fatima felipe felix fernanda fernando filip finn fiona florence francesca francesco francis francisco frank franz fred freddie frederick freya
gabriel gabriela gabriele gail gareth gary gavin gemma george georgia gerald gerhard gina giovanni giulia giuseppe gloria gordon grace graham greg gregory greta guillaume gustav gwen
hailey haley hamza hana hannah hans harold harper harriet harry harvey hassan hayden heather hector heidi helen helena henrik henry hiroshi holly hugo hunter
ian ibrahim igor ilse imogen ines ingrid irene iris isaac isabel isabella isabelle isla ivan ivy
jack jackie jackson jacob jacqueline jade jaime jake james jamie jan jana jane janet janice jared jasmine jason javier jay jayden jean jeff jeffrey jenna jennifer jenny jeremy jerome jerry jesse jessica jesus jill jim jimmy jin jo joan joanna joanne joao joe joel johan johann johanna john johnny jon jonas jonathan jordan jorge jose josef joseph josephine josh joshua joy juan judith judy julia julian juliana julie julien julio june justin
kai kaitlyn kamal karen karim karin karl kate katherine kathleen kathryn kathy katie katrin kayla keith kelly ken kenji kenneth kevin khalid kim kimberly klaus kristen kurt kyle
lars laura lauren lawrence layla leah lee leila lena leo leon leonardo leonie liam lily linda lindsay lisa logan lois lorenzo louis louise lucas lucia lucy luis luka lukas luke luna lydia lynn
madeline madison maja malik mandy manuel marc marcel marco marcus margaret maria mariana marie marina mario marion mark marta martha martin mary mason mateo mathilde matias matt matteo matthew maureen max maxime maya megan mehmet mei melanie melissa mia michael michaela michel michelle miguel mike mikhail mila milan miles mira miriam mohamed mohammad mohammed molly monica morgan muhammad
nadia nancy naomi natalia natalie nathan nathaniel neil nicholas nick nicola nicolas nicole niklas nikolai nina noah noel nora norah norma
olga oliver olivia omar oscar owen
pablo paige pamela paolo patricia patrick paul paula pauline pedro peggy penelope peter petra philip philippe phoebe pierre piotr priya
rachel rafael rahul raj rajesh ralph ramon randy raphael raul ravi ray raymond rebecca reggie renee ricardo richard rick ricky rita rob robert roberto robin rodrigo roger roman ron ronald rosa rose ross roy ruby russell ruth ryan
sabrina sadie sally sam samantha samir samuel sandra sara sarah sasha scarlett scott sean sebastian sergei sergio seth shane shannon sharon shawn sheila shirley simon simone sofia sonia sophia sophie stacy stan stefan stefanie stella stephanie stephen steve steven sue susan suzanne sven sylvia
tamara tanya tara ted teresa terry thabo thea theo theodore theresa thomas tim timothy tina toby todd tom tommy tony tracy travis trevor tyler
ursula valentina valeria vanessa vera veronica victor victoria vikram vincent violet virginia vivian
walter wang wanda warren wayne wei wendy wesley william willow wolfgang
xavier yara yasmin yuki yusuf yvonne zach zachary zara zoe zofia
akira amara aziz bilal chidi chioma chinedu emeka fatou haruto hina kwame kofi amani nia ngozi oluwaseun sipho zanele yuto sakura ren takeshi haruka daiki ming li xin hui yan lei jun feng ling ananya aditya deepak sanjay sunita pooja neha anil vijay lakshmi arun meera kiran nikhil rohan sneha tariq yousef rania noor layla salma omar karim nabil walid hamid reza parisa darya olena oksana vlad bogdan katarzyna agnieszka tomasz krzysztof magdalena pawel jakub zuzana petr jiri lucie tereza bence zsofia laszlo istvan gabor eszter katalin anikó kristof matti juha mikko aino eero sanna timo elina jukka ole lars nils bjorn astrid sigrid ingrid freja mads søren ebba linnea wilma elin liv tove kerstin birgit hanne dagmar jurgen uwe dieter heinz horst gunther helga ursel anke silke jens frauke maik torsten
  `
    .trim()
    .split(/\s+/),
);
